package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.Device;

/** The conformance kit (every Device op against the reference device) on the OpenCL device. */
class OpenClConformanceTest extends DeviceConformanceTest {
    @Override protected Device device() {
        return OpenClTestSupport.device();
    }
}
