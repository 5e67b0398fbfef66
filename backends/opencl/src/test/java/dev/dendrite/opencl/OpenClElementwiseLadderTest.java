package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.Device;
import dev.dendrite.kernels.ElementwiseKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rung of the elementwise ladder (elementwise.cl: strided, contig, vector) on the kit's
 * unary and binary cases, each rung fixed on a device of its own: dense cases run through the
 * fixed rung (vector on 129 elements: 32 quads and a partial one), strided ones fall back to
 * rung 1 as the device's rule says. The same rungs run under Oclgrind in OclgrindConformanceTest.
 */
class OpenClElementwiseLadderTest {
    private static final List<OpenClDevice> devices = new ArrayList<>();

    @TestFactory Stream<DynamicNode> everyRungPassesTheKit() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ElementwiseKernel rung : ElementwiseKernel.values()) {
            OpenClTestSupport.device();                  // skips (or fails, when required) without OpenCL
            OpenClDevice device = new OpenClDevice();
            device.elementwiseKernel(rung);
            devices.add(device);
            rungs.add(DynamicContainer.dynamicContainer("rung " + rung.label(), new RungCases(device).cases()));
        }
        return rungs.stream();
    }

    @AfterAll static void close() {
        devices.forEach(OpenClDevice::close);
        devices.clear();
    }

    private static final class RungCases extends DeviceConformanceTest {
        private final OpenClDevice device;

        RungCases(OpenClDevice device) { this.device = device; }

        Stream<? extends DynamicNode> cases() { return elementwiseOn(device); }

        @Override protected Device device() { return device; }
    }
}
