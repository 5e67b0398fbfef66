package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.kernels.ConvKernel;
import dev.dendrite.kernels.ElementwiseKernel;
import dev.dendrite.kernels.KernelSources;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.kernels.ReduceKernel;
import dev.dendrite.kernels.SoftmaxKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kernels as a GPU would run them: the conformance kit on Oclgrind, which runs work-items
 * concurrently in the sense of the OpenCL memory model and reports data races on local and global
 * memory, reads of uninitialised memory, accesses out of bounds and API misuse. PoCL runs a
 * work-group's items one after another, so a missing barrier passes there; here any diagnostic
 * fails the case that caused it, with the diagnostic in the message.
 *
 * <p>What runs: every family of the kit on its small cases (at most {@value #MAX_ELEMENTS}
 * elements: the simulator is about a thousand times slower than PoCL), split over several launches;
 * every matmul rung; and a final check that every kernel entry point of every .cl file was launched. Two self-tests show
 * that a barrier removed and a read one element past a buffer are caught.
 *
 * <p>Runs in its own JVM (the 'oclgrind' surefire execution, see Oclgrind); outside it, skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OclgrindConformanceTest extends DeviceConformanceTest {
    static final long MAX_ELEMENTS = 20_000;
    /** The matmul rungs run the kit's smaller matmul cases: every rung takes every path on them. */
    static final long MAX_RUNG_ELEMENTS = 5_000;

    private static final List<OpenClDevice> rungDevices = new ArrayList<>();

    @Override protected Device device() {
        return Oclgrind.device();
    }

    @Override protected boolean includes(String caseName, long elements) {
        return elements <= MAX_ELEMENTS;
    }

    /**
     * The kit's cases run with the launch limit lowered, as on PoCL, so work is split over several
     * launches (rows from a rowBase, planes from a planeBase); the matmul rungs run with the real
     * limit, so the single-launch paths run here too.
     */
    @Override protected void runCase(String caseName, Runnable run) {
        int limit = LaunchGeometry.maxGroupsPerLaunch(OpenClTestSupport.KIT_GROUPS_PER_LAUNCH);
        try {
            checked(Oclgrind.device(), run);
        } finally {
            LaunchGeometry.maxGroupsPerLaunch(limit);
        }
    }

    /** Runs {@code run} on {@code device} and fails with whatever Oclgrind reported meanwhile. */
    static void checked(OpenClDevice device, Runnable run) {
        OclgrindLog.drain(device);          // anything older belongs to no case
        Throwable failure = null;
        try {
            run.run();
        } catch (RuntimeException | AssertionError e) {
            failure = e;
        }
        String diagnostics = OclgrindLog.drain(device);
        if (!diagnostics.isEmpty()) {
            AssertionError e = new AssertionError("Oclgrind reported:\n" + firstLines(diagnostics, 40));
            if (failure != null) e.addSuppressed(failure);
            throw e;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof AssertionError a) throw a;
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        if (lines.length <= n) return text;
        return String.join("\n", List.of(lines).subList(0, n)) + "\n... (" + (lines.length - n) + " more lines)";
    }

    // ---------------------------------------------------------------- the matmul ladder

    @TestFactory Stream<DynamicNode> matmulRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (MatmulKernel rung : MatmulKernel.values()) {
            OpenClDevice device = Oclgrind.newDevice(rung);
            rungDevices.add(device);
            rungs.add(DynamicContainer.dynamicContainer("rung " + rung.label(), new RungCases(device, Kit.MATMUL).cases()));
        }
        return rungs.stream();
    }

    /** Which of the kit's families a ladder's rung runs. */
    private enum Kit { MATMUL, ELEMENTWISE, REDUCE, SOFTMAX, CONVOLUTION }

    /** The kit's cases of one family (matmul, unary and binary, reduce, softmax) on one rung's device, checked as every other case is. */
    private static final class RungCases extends DeviceConformanceTest {
        private final OpenClDevice device;
        private final Kit kit;

        RungCases(OpenClDevice device, Kit kit) {
            this.device = device;
            this.kit = kit;
        }

        Stream<DynamicTest> cases() {
            return switch (kit) {
                case MATMUL -> matmulOn(device);
                case ELEMENTWISE -> elementwiseOn(device);
                case REDUCE -> reduceOn(device);
                case SOFTMAX -> softmaxOn(device);
                case CONVOLUTION -> convolutionOn(device);
            };
        }

        @Override protected Device device() { return device; }

        /** Reductions and softmax are cheap: their rungs take the kit's split cases (len 4099, 16411) too. */
        @Override protected boolean includes(String caseName, long elements) {
            return elements <= (kit == Kit.REDUCE || kit == Kit.SOFTMAX ? MAX_ELEMENTS : MAX_RUNG_ELEMENTS);
        }

        @Override protected void runCase(String caseName, Runnable run) { checked(device, run); }
    }

    @AfterAll static void closeRungDevices() {
        rungDevices.forEach(OpenClDevice::close);
        rungDevices.clear();
    }

    // ---------------------------------------------------------------- the ladders beyond matmul

    /** The kit's unary and binary cases with each elementwise rung fixed (ElementwiseKernel). */
    @TestFactory Stream<DynamicNode> elementwiseRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ElementwiseKernel rung : ElementwiseKernel.values()) {
            rungs.add(rung("elementwise rung " + rung.label(), d -> d.elementwiseKernel(rung), Kit.ELEMENTWISE));
        }
        return rungs.stream();
    }

    /** The kit's reduction cases (plain and views) with each reduction rung fixed (ReduceKernel). */
    @TestFactory Stream<DynamicNode> reduceRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ReduceKernel rung : ReduceKernel.values()) {
            rungs.add(rung("reduce rung " + rung.label(), d -> d.reduceKernel(rung), Kit.REDUCE));
        }
        return rungs.stream();
    }

    /** The kit's softmax cases (plain and views) with each softmax rung fixed in each shape (SoftmaxKernel). */
    @TestFactory Stream<DynamicNode> softmaxRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (SoftmaxKernel rung : SoftmaxKernel.values()) {
            for (boolean tree : new boolean[] {true, false}) {
                rungs.add(rung("softmax rung " + rung.label() + (tree ? ", tree" : ", work-item"),
                        d -> d.softmaxKernel(rung, tree), Kit.SOFTMAX));
            }
        }
        return rungs.stream();
    }

    /** The kit's convolution cases (plain and views) with each weight-gradient rung fixed (ConvKernel). */
    @TestFactory Stream<DynamicNode> convRungs() {
        List<DynamicNode> rungs = new ArrayList<>();
        for (ConvKernel rung : ConvKernel.values()) {
            rungs.add(rung("conv rung " + rung.label(), d -> d.convKernel(rung), Kit.CONVOLUTION));
        }
        return rungs.stream();
    }

    /** An Oclgrind device of its own with {@code fix} applied, running the kit's cases of {@code kit}. */
    private static DynamicNode rung(String name, java.util.function.Consumer<OpenClDevice> fix, Kit kit) {
        OpenClDevice device = Oclgrind.newDevice(null);
        fix.accept(device);
        rungDevices.add(device);
        return DynamicContainer.dynamicContainer(name, new RungCases(device, kit).cases());
    }

    // ---------------------------------------------------------------- every entry point ran

    private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(");

    @Test @Order(Integer.MAX_VALUE) void everyKernelEntryPointRan() {
        Set<String> declared = new TreeSet<>();
        for (String family : KernelSources.FAMILIES) {
            Matcher m = KERNEL.matcher(KernelSources.load(family));
            while (m.find()) declared.add(family + "/" + m.group(1));
        }
        Set<String> made = new TreeSet<>(Oclgrind.device().programs().kernelsMade());
        for (OpenClDevice d : rungDevices) made.addAll(d.programs().kernelsMade());
        declared.removeAll(made);
        assertEquals(Set.of(), declared, "kernel entry points no case launched under Oclgrind (add a small case)");
    }

    // ---------------------------------------------------------------- the simulator catches what PoCL cannot

    /** reduce.cl's tree step, and the barrier between its steps. */
    private static final String TREE_STEP = "if (t < width) partial[t] = combine(op, partial[t], partial[t + width]);\n"
            + "        barrier(CLK_LOCAL_MEM_FENCE);";

    @Test void aRemovedBarrierIsARace() {
        String broken = replaceOnce(KernelSources.load("reduce"), TREE_STEP, TREE_STEP.substring(0, TREE_STEP.indexOf('\n')));
        try (OpenClDevice device = Oclgrind.newDevice(null)) {
            AssertionError e = assertThrows(AssertionError.class, () -> reduceWith(device, broken));
            assertTrue(e.getMessage().contains("data race"), e.getMessage());
        }
    }

    @Test void aReadOnePastTheEndIsCaught() {
        String loop = "for (int j = first; j < end; j += REDUCE_GROUP) acc = combine(op, acc, row[(long) j * v.lenStride]);";
        String broken = replaceOnce(KernelSources.load("reduce"), loop, loop.replace("row[(long) j *", "row[(long) (j + 1) *"));
        try (OpenClDevice device = Oclgrind.newDevice(null)) {
            AssertionError e = assertThrows(AssertionError.class, () -> reduceWith(device, broken));
            assertTrue(e.getMessage().contains("Invalid read"), e.getMessage());
        }
    }

    @Test void theUnbrokenKernelIsClean() {
        try (OpenClDevice device = Oclgrind.newDevice(null)) {
            reduceWith(device, KernelSources.load("reduce"));   // the same run with the real source reports nothing
        }
    }

    /** Sums 4 rows of 256 through the tree rung on {@code device} with reduce.cl replaced by {@code source}, under the checks. */
    private static void reduceWith(OpenClDevice device, String source) {
        device.programs().replace("reduce", source);
        device.reduceKernel(ReduceKernel.TREE);   // the rung these tests break (Oclgrind is a CPU device: its rule picks another)
        int outer = 4, len = 256;
        float[] data = new float[outer * len];
        for (int i = 0; i < data.length; i++) data[i] = i % 7;
        checked(device, () -> {
            DeviceBuffer src = device.allocate(DType.F32, data.length);
            DeviceBuffer dst = device.allocate(DType.F32, outer);
            device.upload(data, 0, src, 0, data.length);
            device.reduce(ReduceOp.SUM, src, outer, len, 1, dst);
            float[] sums = new float[outer];
            device.download(dst, 0, sums, 0, outer);
            device.release(src);
            device.release(dst);
        });
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException("the self-test expects this exactly once in reduce.cl:\n" + target);
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }
}
