package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.Device;
import dev.dendrite.kernels.ConvKernel;
import dev.dendrite.kernels.ElementwiseKernel;
import dev.dendrite.kernels.ReduceKernel;
import dev.dendrite.kernels.SoftmaxKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rung of every ladder beyond matmul on the kit's cases of its family, each rung fixed on a
 * device of its own: blocks the rung takes run through it, the others fall back as the ladder's
 * rule says (rung 1). The same rungs run under Oclgrind in OclgrindConformanceTest.
 * <ul>
 *   <li>elementwise.cl (strided, contig, vector): unary and binary cases (vector on 129 elements:
 *       32 quads and a partial one);</li>
 *   <li>reduce.cl (item, tree, vector): reductions, plain and views (long rows split into chunks
 *       run both passes on the rung);</li>
 *   <li>softmax.cl (sweeps, online), each in both shapes (a tree per row, a work-item per row):
 *       softmax cases, plain and views;</li>
 *   <li>conv.cl's weight gradient (im2col, im2col-t): forward, both backward passes, views.</li>
 * </ul>
 */
class OpenClLaddersTest {
    private static final List<OpenClDevice> devices = new ArrayList<>();

    @TestFactory Stream<DynamicNode> elementwiseRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ElementwiseKernel rung : ElementwiseKernel.values()) {
            rungs.add(rung("rung " + rung.label(), d -> d.elementwiseKernel(rung), RungCases::elementwise));
        }
        return rungs.stream();
    }

    @TestFactory Stream<DynamicNode> reduceRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ReduceKernel rung : ReduceKernel.values()) {
            rungs.add(rung("rung " + rung.label(), d -> d.reduceKernel(rung), RungCases::reduce));
        }
        return rungs.stream();
    }

    @TestFactory Stream<DynamicNode> softmaxRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (SoftmaxKernel rung : SoftmaxKernel.values()) {
            for (boolean tree : new boolean[] {true, false}) {
                rungs.add(rung("rung " + rung.label() + (tree ? ", tree" : ", work-item"), d -> d.softmaxKernel(rung, tree),
                        RungCases::softmax));
            }
        }
        return rungs.stream();
    }

    @TestFactory Stream<DynamicNode> convRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ConvKernel rung : ConvKernel.values()) {
            rungs.add(rung("rung " + rung.label(), d -> d.convKernel(rung), RungCases::convolution));
        }
        return rungs.stream();
    }

    /** A device of its own with {@code fix} applied, and {@code cases} of the kit on it. */
    private static DynamicNode rung(String name, Consumer<OpenClDevice> fix,
                                    BiFunction<RungCases, OpenClDevice, Stream<DynamicTest>> cases) {
        OpenClTestSupport.device();                  // skips (or fails, when required) without OpenCL
        OpenClDevice device = new OpenClDevice();
        fix.accept(device);
        devices.add(device);
        return DynamicContainer.dynamicContainer(name, cases.apply(new RungCases(device), device));
    }

    @AfterAll static void close() {
        devices.forEach(OpenClDevice::close);
        devices.clear();
    }

    private static final class RungCases extends DeviceConformanceTest {
        private final OpenClDevice device;

        RungCases(OpenClDevice device) { this.device = device; }

        Stream<DynamicTest> elementwise(OpenClDevice d) { return elementwiseOn(d); }

        Stream<DynamicTest> reduce(OpenClDevice d) { return reduceOn(d); }

        Stream<DynamicTest> softmax(OpenClDevice d) { return softmaxOn(d); }

        Stream<DynamicTest> convolution(OpenClDevice d) { return convolutionOn(d); }

        @Override protected Device device() { return device; }
    }
}
