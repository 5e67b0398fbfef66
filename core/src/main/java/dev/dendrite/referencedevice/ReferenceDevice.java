package dev.dendrite.referencedevice;

import static dev.dendrite.referencedevice.ReferenceBuffer.floats;
import static dev.dendrite.referencedevice.ReferenceBuffer.ints;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device every other device is checked against, and the place to read what each primitive
 * computes: plain loops, one element at a time, one thread, sums in double rounded to float once.
 * No blocking, no vectors, no caches, and no code shared with the java device's fast paths, so a
 * bug there cannot hide by being repeated here. It is slow on purpose and meant for the
 * conformance kit's small cases and for reading, not for training.
 *
 * <p>One small class per op family, each primitive a dozen lines: {@link DataMovement} (fill,
 * copy), {@link Elementwise} (unary, binary, where; {@link ErrorFunction} for GELU),
 * {@link Reductions}, {@link Matmul}, {@link Convolution}, {@link Pooling}, {@link Softmax}, {@link LayerNorm},
 * {@link Indexing}, {@link RandomNumbers} (Philox) and {@link OptimizerSteps}. Strided views are
 * read by {@link Views#position}. Only the geometry records ({@code MatmulShape}, ...), {@code View},
 * {@code Shapes} and the Philox block function come from elsewhere.
 *
 * <p>It is not registered with {@code ServiceLoader}: {@code Devices.get("auto")}, the launcher's
 * device names and the benchmark suite (which runs every registered device) should never pick a
 * device this slow. Create it with {@code new ReferenceDevice()}.
 */
public final class ReferenceDevice implements Device {
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    @Override public String name() { return "reference"; }

    @Override public String description() { return "reference (plain Java loops, double accumulators, one thread)"; }

    // ---------------------------------------------------------------- memory

    @Override public DeviceBuffer allocate(DType dtype, int length) {
        if (length < 0) throw new IllegalArgumentException("allocate: negative length " + length);
        ReferenceBuffer buffer = new ReferenceBuffer(this, dtype, length);
        liveBuffers.incrementAndGet();
        liveBytes.addAndGet(buffer.bytes());
        return buffer;
    }

    @Override public void release(DeviceBuffer buffer) {
        ReferenceBuffer rb = ReferenceBuffer.of(buffer);
        if (rb.device() != this) throw new IllegalArgumentException("release: buffer belongs to another reference device");
        if (!rb.markReleased()) throw new IllegalStateException("release: buffer was already released");
        liveBuffers.decrementAndGet();
        liveBytes.addAndGet(-rb.bytes());
    }

    @Override public void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        System.arraycopy(src, srcOffset, floats(dst), dstOffset, count);
    }

    @Override public void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        System.arraycopy(src, srcOffset, ints(dst), dstOffset, count);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        System.arraycopy(floats(src), srcOffset, dst, dstOffset, count);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        System.arraycopy(ints(src), srcOffset, dst, dstOffset, count);
    }

    /** Every op has finished when it returns: nothing is ever queued. */
    @Override public void synchronize() {}

    @Override public MemoryStats memoryStats() { return new MemoryStats(liveBuffers.get(), liveBytes.get(), 0); }

    /** Holds nothing but its buffers' arrays, which the garbage collector takes back. */
    @Override public void close() {}

    // ---------------------------------------------------------------- data movement

    @Override public void fill(DeviceBuffer dst, int offset, int count, float value) {
        DataMovement.fill(ReferenceBuffer.of(dst), offset, count, value);
    }

    @Override public void copy(int[] shape, View src, View dst) { DataMovement.copy(shape, src, dst); }

    // ---------------------------------------------------------------- elementwise

    @Override public void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst) {
        Elementwise.unary(op, alpha, shape, src, floats(dst));
    }

    @Override public void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst) {
        Elementwise.binary(op, shape, a, b, floats(dst));
    }

    @Override public void where(int[] shape, View cond, View a, View b, DeviceBuffer dst) {
        Elementwise.where(shape, cond, a, b, floats(dst));
    }

    // ---------------------------------------------------------------- reductions

    @Override public void reduce(ReduceOp op, View src, int outer, int len, int inner, DeviceBuffer dst) {
        if (len == 0 && op != ReduceOp.SUM && op != ReduceOp.MEAN) {
            throw new IllegalArgumentException("reduce " + op + ": an empty axis has no " + op);
        }
        float[] x = Views.read(src, Views.block(outer, len, inner));
        if (op == ReduceOp.ARGMAX) Reductions.argmax(x, outer, len, inner, ints(dst));
        else Reductions.reduce(op, x, outer, len, inner, floats(dst));
    }

    // ---------------------------------------------------------------- linear algebra

    @Override public void matmul(MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c) {
        Matmul.multiply(shape, floats(a), aOffset, floats(b), bOffset, floats(c));
    }

    @Override public void conv2d(Conv2dShape shape, View input, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer output) {
        Convolution.forward(shape, Views.read(input, shape.inputShape()), floats(weight), bias == null ? null : floats(bias), floats(output));
    }

    @Override public void conv2dBackwardInput(Conv2dShape shape, DeviceBuffer gradOutput, DeviceBuffer weight, DeviceBuffer gradInput) {
        Convolution.backwardInput(shape, floats(gradOutput), floats(weight), floats(gradInput));
    }

    @Override public void conv2dBackwardWeight(Conv2dShape shape, View input, DeviceBuffer gradOutput, DeviceBuffer gradWeight) {
        Convolution.backwardWeight(shape, Views.read(input, shape.inputShape()), floats(gradOutput), floats(gradWeight));
    }

    // ---------------------------------------------------------------- pooling

    @Override public void maxPool2d(Pool2dShape shape, View input, DeviceBuffer output, DeviceBuffer argmax) {
        Pooling.maxForward(shape, Views.read(input, shape.inputShape()), floats(output), ints(argmax));
    }

    @Override public void maxPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer argmax, DeviceBuffer gradInput) {
        Pooling.maxBackward(shape, floats(gradOutput), ints(argmax), floats(gradInput));
    }

    @Override public void avgPool2d(Pool2dShape shape, View input, DeviceBuffer output) {
        Pooling.avgForward(shape, Views.read(input, shape.inputShape()), floats(output));
    }

    @Override public void avgPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        Pooling.avgBackward(shape, floats(gradOutput), floats(gradInput));
    }

    // ---------------------------------------------------------------- softmax

    @Override public void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        Softmax.softmax(Views.read(src, Views.block(outer, len, inner)), outer, len, inner, log, floats(dst));
    }

    // ---------------------------------------------------------------- indexing

    @Override public void indexSelect(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        Indexing.indexSelect(Views.read(src, Views.block(outer, len, inner)), outer, len, inner, ints(idx), count, floats(dst));
    }

    @Override public void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        Indexing.indexAdd(floats(dst), outer, len, inner, ints(idx), count, Views.read(src, Views.block(outer, count, inner)));
    }

    @Override public void gather(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        Indexing.gather(Views.read(src, Views.block(outer, len, inner)), outer, len, inner, ints(idx), count, floats(dst));
    }

    @Override public void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        Indexing.scatterAdd(floats(dst), outer, len, inner, ints(idx), count, Views.read(src, Views.block(outer, count, inner)));
    }

    // ---------------------------------------------------------------- random numbers

    @Override public void random(DeviceBuffer dst, int count, Distribution distribution, long seed, long counterOffset,
                                 float a, float b) {
        RandomNumbers.fill(floats(dst), count, distribution, seed, counterOffset, a, b);
    }

    // ---------------------------------------------------------------- fused optimizer updates

    @Override public void sgdUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count, SgdParams p) {
        OptimizerSteps.sgd(floats(param), floats(grad), p.momentum() == 0 ? null : floats(velocity), count, p);
    }

    @Override public void adamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count, AdamParams p) {
        if (p.step() < 1) throw new IllegalArgumentException("adamUpdate: step counts from 1, got " + p.step());
        OptimizerSteps.adam(floats(param), floats(grad), floats(m), floats(v), count, p);
    }

    @Override public void rmspropUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg, DeviceBuffer momentumBuffer,
                                        int count, RmspropParams p) {
        float[] buffer = p.momentum() == 0 ? null : floats(momentumBuffer);
        OptimizerSteps.rmsprop(floats(param), floats(grad), floats(squareAvg), buffer, count, p);
    }

    @Override public String toString() { return description(); }

    // ---------------------------------------------------------------- attention

    @Override public void attention(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                    DeviceBuffer out, DeviceBuffer logSumExp) {
        Attention.forward(shape, floats(q), floats(k), floats(v), mask == null ? null : floats(mask.buffer()),
                mask == null ? 0 : mask.offset(), mask == null ? null : mask.strides(), floats(out), floats(logSumExp));
    }

    @Override public void attentionBackward(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                            DeviceBuffer out, DeviceBuffer logSumExp, DeviceBuffer gradOut,
                                            DeviceBuffer gradQ, DeviceBuffer gradK, DeviceBuffer gradV) {
        Attention.backward(shape, floats(q), floats(k), floats(v), mask == null ? null : floats(mask.buffer()),
                mask == null ? 0 : mask.offset(), mask == null ? null : mask.strides(), floats(out), floats(logSumExp),
                floats(gradOut), gradQ == null ? null : floats(gradQ), gradK == null ? null : floats(gradK),
                gradV == null ? null : floats(gradV));
    }

    // ---------------------------------------------------------------- layer normalisation

    @Override public void layerNorm(int rows, int cols, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                                    DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd) {
        LayerNorm.forward(rows, cols, eps, floats(x), gamma == null ? null : floats(gamma), beta == null ? null : floats(beta),
                floats(y), floats(mean), floats(rstd));
    }

    @Override public void layerNormBackward(int rows, int cols, DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gamma,
                                            DeviceBuffer mean, DeviceBuffer rstd,
                                            DeviceBuffer gradIn, DeviceBuffer gradGamma, DeviceBuffer gradBeta) {
        LayerNorm.backward(rows, cols, floats(x), floats(gradOut), gamma == null ? null : floats(gamma), floats(mean), floats(rstd),
                gradIn == null ? null : floats(gradIn), gradGamma == null ? null : floats(gradGamma),
                gradBeta == null ? null : floats(gradBeta));
    }
}
