package dev.dendrite.opencl;

import dev.dendrite.device.Device;
import dev.dendrite.conformance.TrainingSuite;

/** The end-to-end training suite (learning, no leak over many steps, exact resume) on the OpenCL device. */
class OpenClTrainingTest extends TrainingSuite {
    @Override protected Device device() {
        return OpenClTestSupport.device();
    }
}
