package dev.dendrite.kernels.ops;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.ConvKernel;
import dev.dendrite.kernels.ElementwiseKernel;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.kernels.ReduceKernel;
import dev.dendrite.kernels.SoftmaxKernel;

/**
 * A device that runs the kernels of this module: every op of the Device interface, written once
 * for OpenCL and CUDA alike. Which kernel an op launches, with which arguments and which geometry
 * does not depend on the GPU API, so it lives here, in one class per op family (ElementwiseOps,
 * ReduceOps, SoftmaxOps, MatmulOps, ConvOps, PoolOps, IndexOps, OptimOps, PhiloxOps, AttentionOps,
 * LayerNormOps).
 *
 * <p>A subclass supplies what does depend on the API: memory (allocate, release, upload,
 * download, its caching allocator), building the kernels, and the launch itself, through
 * {@link #call} and {@link #copyBytes}. Public methods are synchronized on the device, and
 * subclasses synchronize their memory methods the same way: a kernel's arguments are set one by
 * one before its launch, so two threads must not interleave there.
 */
public abstract class KernelDevice implements Device {
    private final ElementwiseOps elementwise = new ElementwiseOps(this);
    private final ReduceOps reductions = new ReduceOps(this);
    private final SoftmaxOps softmaxes = new SoftmaxOps(this);
    private final MatmulOps matmuls;
    private final boolean cpu;
    private final ConvOps convolutions = new ConvOps(this);
    private final PoolOps pooling = new PoolOps(this);
    private final IndexOps indexing = new IndexOps(this);
    private final OptimOps optimizers = new OptimOps(this);
    private final PhiloxOps philox = new PhiloxOps(this);
    private final AttentionOps attentions = new AttentionOps(this);
    private final LayerNormOps layerNorms = new LayerNormOps(this);

    /** A GPU device. @param matmul the matmul rung every product uses, or null to choose one per shape */
    protected KernelDevice(MatmulKernel matmul) {
        this(matmul, false);
    }

    /**
     * @param matmul the matmul rung every product uses, or null to choose one per shape
     * @param cpu    true when the kernels run on a CPU (e.g. PoCL), whose SIMD lanes favour other rungs
     */
    protected KernelDevice(MatmulKernel matmul, boolean cpu) {
        this.matmuls = new MatmulOps(this, matmul, cpu);
        this.cpu = cpu;
    }

    // ---------------------------------------------------------------- what a GPU API supplies

    /** Kernel {@code kernel} of {@code family}.cl, ready for its arguments; the family is built on first use. */
    protected abstract KernelCall call(String family, String kernel);

    /** Queues a dense copy of {@code bytes} between two buffers of this device (the driver's copy engine does it). */
    protected abstract void copyBytes(KernelBuffer src, long srcByteOffset, KernelBuffer dst, long dstByteOffset, long bytes);

    // ---------------------------------------------------------------- buffer checks the ops and subclasses share

    /** {@code b} as a buffer of this device; fails clearly on a foreign or released buffer, naming the op. */
    protected final KernelBuffer own(DeviceBuffer b, String op) {
        if (!(b instanceof KernelBuffer kb) || kb.device() != this) {
            throw new IllegalArgumentException(name() + " " + op + ": buffer " + b + " does not belong to this device");
        }
        if (kb.released) throw new IllegalStateException(name() + " " + op + ": buffer " + b + " was already released");
        return kb;
    }

    /** For release(): checks {@code b} like {@link #own} and marks it released, so a second release fails clearly. */
    protected final KernelBuffer retire(DeviceBuffer b) {
        KernelBuffer kb = own(b, "release");
        kb.released = true;
        return kb;
    }

    /** For upload and download: elements [offset, offset + count) of the buffer and of the host array must exist. */
    protected final void checkRange(String op, KernelBuffer b, int offset, int count, int hostLength, int hostOffset) {
        if (offset < 0 || count < 0 || (long) offset + count > b.length()) {
            throw new IndexOutOfBoundsException(name() + " " + op + ": elements [" + offset + ", " + ((long) offset + count)
                    + ") are outside the buffer of " + b.length());
        }
        if (hostOffset < 0 || (long) hostOffset + count > hostLength) {
            throw new IndexOutOfBoundsException(name() + " " + op + ": elements [" + hostOffset + ", "
                    + ((long) hostOffset + count) + ") are outside the host array of " + hostLength);
        }
    }

    // ---------------------------------------------------------------- for the op classes

    /** A float buffer for an op's intermediate results (from the caching allocator, so cheap once warm). */
    KernelBuffer scratch(int length) {
        return own(allocate(DType.F32, length), "scratch");
    }

    MatmulOps matmulOps() { return matmuls; }

    /** True when the kernels run on a CPU driver (PoCL): the ladders choose barrier-free, vector rungs there. */
    boolean cpu() { return cpu; }

    ReduceOps reduceOps() { return reductions; }

    // ---------------------------------------------------------------- tuning, beyond the Device interface

    /** The matmul rung in use, or null when it is chosen per shape. */
    public synchronized MatmulKernel matmulKernel() { return matmuls.fixed(); }

    /** Runs one named rung of the matmul ladder regardless of the default (benchmarks, tests of the ladder). */
    public synchronized void matmul(MatmulKernel rung, MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b,
                                    int bOffset, DeviceBuffer c) {
        matmuls.matmul(rung, shape, a, aOffset, b, bOffset, c);
    }

    /**
     * Fixes the rung of the elementwise ladder that dense unary and binary ops use (null: the
     * device's rule, see ElementwiseOps) and returns the old setting; for the kernel runner and
     * the ladder's tests.
     */
    public synchronized ElementwiseKernel elementwiseKernel(ElementwiseKernel rung) {
        ElementwiseKernel old = elementwise.fixed;
        elementwise.fixed = rung;
        return old;
    }

    /**
     * Fixes the rung of the reduction ladder (SUM, MEAN, MAX, MIN; null: the device's rule, see
     * ReduceKernel.choose) used wherever it can take the block (else rung 1), and returns the old
     * setting; for the kernel runner and the ladder's tests.
     */
    public synchronized ReduceKernel reduceKernel(ReduceKernel rung) {
        ReduceKernel old = reductions.fixed;
        reductions.fixed = rung;
        return old;
    }

    /**
     * Fixes the rung of the softmax ladder (null: the device's rule, SoftmaxKernel.choose) and its
     * shape ({@code tree} true: a work-group per row, where inner == 1; false: a work-item per
     * row; null: SoftmaxKernel.tree decides) for every softmax; returns the old rung. For the
     * kernel runner and the ladder's tests.
     */
    public synchronized SoftmaxKernel softmaxKernel(SoftmaxKernel rung, Boolean tree) {
        SoftmaxKernel old = softmaxes.fixedSoftmax;
        softmaxes.fixedSoftmax = rung;
        softmaxes.softmaxTree = tree;
        return old;
    }

    /**
     * Fixes the rung of the convolution weight gradient's ladder (null: the device's rule,
     * ConvKernel.choose) and returns the old setting; for the kernel runner and the ladder's tests.
     */
    public synchronized ConvKernel convKernel(ConvKernel rung) {
        ConvKernel old = convolutions.fixed;
        convolutions.fixed = rung;
        return old;
    }

    /**
     * Sets how many values the column matrix of a convolution may hold (the batch is cut into
     * chunks that fit: less memory, more launches) and returns the old budget.
     */
    public synchronized long convColumnBudget(long values) {
        long old = convolutions.colBudget;
        convolutions.colBudget = values;
        return old;
    }

    // ---------------------------------------------------------------- the Device ops (see the *Ops classes)

    @Override public synchronized void fill(DeviceBuffer dst, int offset, int count, float value) {
        elementwise.fill(dst, offset, count, value);
    }

    @Override public synchronized void copy(int[] shape, View src, View dst) {
        elementwise.copy(shape, src, dst);
    }

    @Override public synchronized void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst) {
        elementwise.unary(op, alpha, shape, src, dst);
    }

    @Override public synchronized void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst) {
        elementwise.binary(op, shape, a, b, dst);
    }

    @Override public synchronized void where(int[] shape, View cond, View a, View b, DeviceBuffer dst) {
        elementwise.where(shape, cond, a, b, dst);
    }

    @Override public synchronized void reduce(ReduceOp op, View src, int outer, int len, int inner, DeviceBuffer dst) {
        reductions.reduce(op, src, outer, len, inner, dst);
    }

    @Override public synchronized void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        softmaxes.softmax(src, outer, len, inner, log, dst);
    }

    @Override public synchronized void matmul(MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset,
                                              DeviceBuffer c) {
        matmuls.matmul(shape, a, aOffset, b, bOffset, c);
    }

    @Override public synchronized void conv2d(Conv2dShape shape, View input, DeviceBuffer weight, DeviceBuffer bias,
                                              DeviceBuffer output) {
        convolutions.forward(shape, input, weight, bias, output);
    }

    @Override public synchronized void conv2dBackwardInput(Conv2dShape shape, DeviceBuffer gradOutput, DeviceBuffer weight,
                                                           DeviceBuffer gradInput) {
        convolutions.backwardInput(shape, gradOutput, weight, gradInput);
    }

    @Override public synchronized void conv2dBackwardWeight(Conv2dShape shape, View input, DeviceBuffer gradOutput,
                                                            DeviceBuffer gradWeight) {
        convolutions.backwardWeight(shape, input, gradOutput, gradWeight);
    }

    @Override public synchronized void maxPool2d(Pool2dShape shape, View input, DeviceBuffer output, DeviceBuffer argmax) {
        pooling.maxForward(shape, input, output, argmax);
    }

    @Override public synchronized void maxPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer argmax,
                                                         DeviceBuffer gradInput) {
        pooling.maxBackward(shape, gradOutput, argmax, gradInput);
    }

    @Override public synchronized void avgPool2d(Pool2dShape shape, View input, DeviceBuffer output) {
        pooling.avgForward(shape, input, output);
    }

    @Override public synchronized void avgPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        pooling.avgBackward(shape, gradOutput, gradInput);
    }

    @Override public synchronized void indexSelect(View src, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                   DeviceBuffer dst) {
        indexing.indexSelect(src, outer, len, inner, idx, count, dst);
    }

    @Override public synchronized void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                View src) {
        indexing.indexAdd(dst, outer, len, inner, idx, count, src);
    }

    @Override public synchronized void gather(View src, int outer, int len, int inner, DeviceBuffer idx, int count,
                                              DeviceBuffer dst) {
        indexing.gather(src, outer, len, inner, idx, count, dst);
    }

    @Override public synchronized void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                  View src) {
        indexing.scatterAdd(dst, outer, len, inner, idx, count, src);
    }

    @Override public synchronized void random(DeviceBuffer dst, int count, Distribution distribution, long seed,
                                              long counterOffset, float a, float b) {
        philox.random(dst, count, distribution, seed, counterOffset, a, b);
    }

    @Override public synchronized void sgdUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count,
                                                 SgdParams p) {
        optimizers.sgd(param, grad, velocity, count, p);
    }

    @Override public synchronized void adamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count,
                                                  AdamParams p) {
        optimizers.adam(param, grad, m, v, count, p);
    }

    @Override public synchronized void rmspropUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg,
                                                     DeviceBuffer momentumBuffer, int count, RmspropParams p) {
        optimizers.rmsprop(param, grad, squareAvg, momentumBuffer, count, p);
    }

    @Override public synchronized void attention(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                                 DeviceBuffer out, DeviceBuffer logSumExp) {
        attentions.forward(shape, q, k, v, mask, out, logSumExp);
    }

    @Override public synchronized void attentionBackward(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v,
                                                         View mask, DeviceBuffer out, DeviceBuffer logSumExp,
                                                         DeviceBuffer gradOut, DeviceBuffer gradQ, DeviceBuffer gradK,
                                                         DeviceBuffer gradV) {
        attentions.backward(shape, q, k, v, mask, out, logSumExp, gradOut, gradQ, gradK, gradV);
    }

    @Override public synchronized void layerNorm(int rows, int cols, float eps, DeviceBuffer x, DeviceBuffer gamma,
                                                 DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd) {
        layerNorms.forward(rows, cols, eps, x, gamma, beta, y, mean, rstd);
    }

    @Override public synchronized void layerNormBackward(int rows, int cols, DeviceBuffer x, DeviceBuffer gradOut,
                                                         DeviceBuffer gamma, DeviceBuffer mean, DeviceBuffer rstd,
                                                         DeviceBuffer gradIn, DeviceBuffer gradGamma, DeviceBuffer gradBeta) {
        layerNorms.backward(rows, cols, x, gradOut, gamma, mean, rstd, gradIn, gradGamma, gradBeta);
    }

    @Override public String toString() { return description(); }
}
