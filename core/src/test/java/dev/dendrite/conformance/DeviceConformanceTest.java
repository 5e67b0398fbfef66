package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.dendrite.device.Device;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance kit: every primitive op of {@link Device}, run on the device under test and on
 * the {@link ReferenceDevice} with the same inputs, outputs compared within {@link Tolerances}.
 * The reference shares no compute code with any device it checks (the java device included), so
 * the kit's oracle is independent of every implementation under test.
 * A backend extends this class and says which device to test:
 *
 * <pre>{@code
 * class OpenClConformanceTest extends DeviceConformanceTest {
 *     @Override protected Device device() {
 *         return DeviceAssumptions.requireOrSkip("opencl", "DENDRITE_REQUIRE_OPENCL");
 *     }
 * }
 * }</pre>
 *
 * <p>Each family is a {@link TestFactory}; each case is a dynamic test named after the op and
 * its shape ("matmul NT batch 1 [m 3, n 17, k 33]"), so a report shows what failed, and the
 * failure names the element, the expected and the actual value. Inputs are random but seeded by
 * the case's name, so a failure reproduces. What is covered, per family: sizes 1, 3, 17, 33 and
 * 129; broadcast (stride 0), transposed, permuted and offset views; empty tensors where legal;
 * both dtypes where an op takes them; and on every output, guard elements that must stay
 * untouched and a live-buffer count that must return to where it was.
 *
 * <p>The kit does not close either device: they belong to whoever created them.
 */
public abstract class DeviceConformanceTest {

    /**
     * The device under test. Called once per op family: return the same instance each time (the
     * kit never closes it). May abort the test, e.g. through {@link DeviceAssumptions#requireOrSkip}.
     */
    protected abstract Device device();

    /** One reference for every suite: it holds no state besides its buffers, and the kit releases those. */
    private static final ReferenceDevice REFERENCE = new ReferenceDevice();

    /** What the device is compared with: the plain-loop, double-accumulating {@link ReferenceDevice}. */
    protected Device reference() {
        return REFERENCE;
    }

    /**
     * The tolerance for one kind of result. Override to widen one for a backend, with a comment
     * saying why; the defaults and their reasons are in {@link Tolerances}.
     */
    protected Tolerance tolerance(Tolerances.Kind kind) {
        return Tolerances.standard(kind);
    }

    /**
     * Whether to run a case, given the elements of all its buffers together. Every case runs by
     * default; a backend on a slow simulator (Oclgrind) keeps the small ones.
     */
    protected boolean includes(String caseName, long elements) {
        return true;
    }

    /**
     * Runs one case. Override to look at what the device reported aside from its results (a
     * simulator's diagnostics) and fail the case with it.
     */
    protected void runCase(String caseName, Runnable run) {
        run.run();
    }

    @TestFactory Stream<DynamicTest> memory() { return tests(MemoryCases.all()); }

    @TestFactory Stream<DynamicTest> fill() { return tests(DataMovementCases.fill()); }

    @TestFactory Stream<DynamicTest> copy() { return tests(DataMovementCases.copy()); }

    @TestFactory Stream<DynamicTest> unary() { return tests(ElementwiseCases.unary()); }

    @TestFactory Stream<DynamicTest> binary() { return tests(ElementwiseCases.binary()); }

    @TestFactory Stream<DynamicTest> where() { return tests(ElementwiseCases.where()); }

    @TestFactory Stream<DynamicTest> reduce() { return tests(ReductionCases.all()); }

    @TestFactory Stream<DynamicTest> matmul() { return tests(MatmulCases.all()); }

    @TestFactory Stream<DynamicTest> conv2d() { return tests(ConvolutionCases.forward()); }

    @TestFactory Stream<DynamicTest> conv2dBackwardInput() { return tests(ConvolutionCases.backwardInput()); }

    @TestFactory Stream<DynamicTest> conv2dBackwardWeight() { return tests(ConvolutionCases.backwardWeight()); }

    @TestFactory Stream<DynamicTest> maxPool2d() { return tests(PoolingCases.maxForward()); }

    @TestFactory Stream<DynamicTest> maxPool2dBackward() { return tests(PoolingCases.maxBackward()); }

    @TestFactory Stream<DynamicTest> avgPool2d() { return tests(PoolingCases.avgForward()); }

    @TestFactory Stream<DynamicTest> avgPool2dBackward() { return tests(PoolingCases.avgBackward()); }

    @TestFactory Stream<DynamicTest> softmax() { return tests(SoftmaxCases.all()); }

    @TestFactory Stream<DynamicTest> indexSelect() { return tests(IndexingCases.indexSelect()); }

    @TestFactory Stream<DynamicTest> indexAdd() { return tests(IndexingCases.indexAdd()); }

    @TestFactory Stream<DynamicTest> gather() { return tests(IndexingCases.gather()); }

    @TestFactory Stream<DynamicTest> scatterAdd() { return tests(IndexingCases.scatterAdd()); }

    // inputs that are views (offset, strides, broadcast) of the ops that read along an axis or NCHW planes

    @TestFactory Stream<DynamicTest> reduceViews() { return tests(ViewOperandCases.reduce()); }

    @TestFactory Stream<DynamicTest> softmaxViews() { return tests(ViewOperandCases.softmax()); }

    @TestFactory Stream<DynamicTest> indexingViews() { return tests(ViewOperandCases.indexing()); }

    @TestFactory Stream<DynamicTest> poolingViews() { return tests(ViewOperandCases.pooling()); }

    @TestFactory Stream<DynamicTest> convolutionViews() { return tests(ViewOperandCases.convolution()); }

    @TestFactory Stream<DynamicTest> random() { return tests(RandomCases.all()); }

    @TestFactory Stream<DynamicTest> sgdUpdate() { return tests(OptimizerCases.sgd()); }

    @TestFactory Stream<DynamicTest> adamUpdate() { return tests(OptimizerCases.adam()); }

    @TestFactory Stream<DynamicTest> rmspropUpdate() { return tests(OptimizerCases.rmsprop()); }

    @TestFactory Stream<DynamicTest> attention() { return tests(AttentionCases.all()); }

    @TestFactory Stream<DynamicTest> attentionBackward() { return tests(AttentionCases.backward()); }

    @TestFactory Stream<DynamicTest> layerNorm() { return tests(LayerNormCases.forward()); }

    @TestFactory Stream<DynamicTest> layerNormBackward() { return tests(LayerNormCases.backward()); }

    /**
     * The matmul cases on another device than {@link #device()}: how a backend checks each of its
     * kernel variants (the matmul ladder's rungs) with the same cases.
     */
    protected final Stream<DynamicTest> matmulOn(Device device) {
        return tests(MatmulCases.all(), device);
    }

    /** The unary and binary cases on another device: how a backend checks each rung of its elementwise ladder. */
    protected final Stream<DynamicTest> elementwiseOn(Device device) {
        List<ConformanceCase> cases = new java.util.ArrayList<>(ElementwiseCases.unary());
        cases.addAll(ElementwiseCases.binary());
        return tests(cases, device);
    }

    /** The reduction cases (plain and views) on another device: how a backend checks each rung of its reduction ladder. */
    protected final Stream<DynamicTest> reduceOn(Device device) {
        List<ConformanceCase> cases = new java.util.ArrayList<>(ReductionCases.all());
        cases.addAll(ViewOperandCases.reduce());
        return tests(cases, device);
    }

    /** The softmax cases (plain and views) on another device: how a backend checks each rung of its softmax ladder. */
    protected final Stream<DynamicTest> softmaxOn(Device device) {
        List<ConformanceCase> cases = new java.util.ArrayList<>(SoftmaxCases.all());
        cases.addAll(ViewOperandCases.softmax());
        return tests(cases, device);
    }

    /** The convolution cases (forward, both backward passes, views) on another device: how a backend checks each rung of its convolution ladder. */
    protected final Stream<DynamicTest> convolutionOn(Device device) {
        List<ConformanceCase> cases = new java.util.ArrayList<>(ConvolutionCases.forward());
        cases.addAll(ConvolutionCases.backwardInput());
        cases.addAll(ConvolutionCases.backwardWeight());
        cases.addAll(ViewOperandCases.convolution());
        return tests(cases, device);
    }

    private Stream<DynamicTest> tests(List<ConformanceCase> cases) {
        return tests(cases, device());
    }

    private Stream<DynamicTest> tests(List<ConformanceCase> cases, Device device) {
        Device reference = reference();
        assertNotSame(device, reference, "the device under test is the reference itself, so every comparison would pass");
        CaseContext context = new CaseContext(device, reference, this::tolerance);
        Set<String> seen = new HashSet<>();
        return cases.stream()
                .filter(c -> seen.add(c.name())) // a sweep may regenerate a per-op case: run it once
                .filter(c -> includes(c.name(), c.elements()))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> runCase(c.name(), () -> c.run(context))));
    }
}
