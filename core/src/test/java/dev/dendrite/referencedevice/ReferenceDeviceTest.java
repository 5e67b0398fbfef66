package dev.dendrite.referencedevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.Philox;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import org.junit.jupiter.api.Test;

/**
 * The reference device is the conformance kit's oracle, so it is checked here on its own, against
 * values worked out by hand (or, for erf, from tables), a few per op family: a 2 x 2 matmul, the
 * softmax of [0, ln 2], a 3 x 3 convolution with a kernel that picks the right-hand neighbour.
 */
class ReferenceDeviceTest {
    private final ReferenceDevice device = new ReferenceDevice();

    private DeviceBuffer floats(float... values) {
        DeviceBuffer b = device.allocate(DType.F32, values.length);
        device.upload(values, 0, b, 0, values.length);
        return b;
    }

    private DeviceBuffer ints(int... values) {
        DeviceBuffer b = device.allocate(DType.I32, values.length);
        device.upload(values, 0, b, 0, values.length);
        return b;
    }

    private float[] read(DeviceBuffer b) {
        float[] out = new float[b.length()];
        device.download(b, 0, out, 0, out.length);
        return out;
    }

    private int[] readInts(DeviceBuffer b) {
        int[] out = new int[b.length()];
        device.download(b, 0, out, 0, out.length);
        return out;
    }

    private static View contiguous(DeviceBuffer b, int... shape) { return View.contiguous(b, shape); }

    // ---------------------------------------------------------------- memory and data movement

    @Test
    void buffersAreCountedAndReleasedOnce() {
        DeviceBuffer a = device.allocate(DType.F32, 10), b = device.allocate(DType.I32, 0);
        assertEquals(2, device.memoryStats().liveBuffers());
        assertEquals(40, device.memoryStats().liveBytes());
        device.release(a);
        device.release(b);
        assertEquals(0, device.memoryStats().liveBuffers());
        assertThrows(IllegalStateException.class, () -> device.release(a));
    }

    @Test
    void fillConvertsToIntByTruncation() {
        DeviceBuffer f = floats(9, 9, 9, 9), i = ints(9, 9, 9, 9);
        device.fill(f, 1, 2, 2.5f);
        device.fill(i, 0, 3, -3.7f);
        assertArrayEquals(new float[] {9, 2.5f, 2.5f, 9}, read(f));
        assertArrayEquals(new int[] {-3, -3, -3, 9}, readInts(i));
    }

    @Test
    void copyReadsATransposedViewAndConvertsDtypes() {
        DeviceBuffer m = floats(1, 2, 3, 4, 5, 6); // [2, 3] row-major; its transpose is [3, 2] with strides [1, 3]
        DeviceBuffer t = floats(new float[6]);
        device.copy(new int[] {3, 2}, new View(m, 0, new int[] {1, 3}), contiguous(t, 3, 2));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, read(t));

        DeviceBuffer x = floats(-2.7f, 2.7f, Float.NaN), n = ints(0, 0, 0);
        device.copy(new int[] {3}, contiguous(x, 3), contiguous(n, 3));
        assertArrayEquals(new int[] {-2, 2, 0}, readInts(n)); // toward zero; NaN -> 0
    }

    // ---------------------------------------------------------------- elementwise

    private float[] unary(UnaryOp op, float alpha, float... x) {
        DeviceBuffer out = device.allocate(DType.F32, x.length);
        device.unary(op, alpha, new int[] {x.length}, contiguous(floats(x), x.length), out);
        return read(out);
    }

    @Test
    void unaryOpsOnValuesWithKnownResults() {
        assertArrayEquals(new float[] {2, 3, 0.5f}, unary(UnaryOp.SQRT, 0, 4, 9, 0.25f));
        assertArrayEquals(new float[] {0, 0, 2}, unary(UnaryOp.RELU, 0, -1, 0, 2));
        assertArrayEquals(new float[] {-0.2f, 3}, unary(UnaryOp.LEAKY_RELU, 0.1f, -2, 3));
        assertArrayEquals(new float[] {0.5f, 0}, unary(UnaryOp.SIGMOID, 0, 0, Float.NEGATIVE_INFINITY));
        assertArrayEquals(new float[] {0, 1, 1}, unary(UnaryOp.GE_SCALAR, 2, 1, 2, 3));
        assertArrayEquals(new float[] {8, 0.25f}, unary(UnaryOp.POW_SCALAR, 3, 2, 0.62996052f), 1e-6f);
        // x * Phi(x), Phi from tables: Phi(1) = 0.8413447460685429, Phi(-3) = 0.0013498980316300957
        assertArrayEquals(new float[] {0, 0.8413447460685429f, -0.004049694094890287f}, unary(UnaryOp.GELU, 0, 0, 1, -3));
        // PyTorch's gelu(x, approximate="tanh") in float64
        assertArrayEquals(new float[] {0, 0.8411919906082768f, -0.0036373920817729943f}, unary(UnaryOp.GELU_TANH, 0, 0, 1, -3));
    }

    @Test
    void errorFunctionMatchesTables() {
        assertEquals(0.5204998778130465, ErrorFunction.erf(0.5), 1e-15);
        assertEquals(0.9953222650189527, ErrorFunction.erf(2), 1e-15);
        assertEquals(-0.999593047982555, ErrorFunction.erf(-2.5), 1e-15);
        assertEquals(1, 2.2090496998585438e-05 / ErrorFunction.erfc(3), 1e-13);
        assertEquals(1, 1.5374597944280351e-12 / ErrorFunction.erfc(5), 1e-13);
        assertEquals(1, 6.220960574271819e-16 / ErrorFunction.normalCdf(-8), 1e-13); // the tail keeps its digits
    }

    @Test
    void binaryBroadcastsThroughZeroStrides() {
        DeviceBuffer a = floats(1, 2, 3, 4, 5, 6), row = floats(10, 20, 30), out = device.allocate(DType.F32, 6);
        device.binary(BinaryOp.SUB, new int[] {2, 3}, contiguous(a, 2, 3), new View(row, 0, new int[] {0, 1}), out);
        assertArrayEquals(new float[] {-9, -18, -27, -6, -15, -24}, read(out));
    }

    @Test
    void activationBackwardsMultiplyTheGradientByTheDerivative() {
        DeviceBuffer y = floats(0.5f, 0.5f, -1, 0), g = floats(4, 2, 5, 6), out = device.allocate(DType.F32, 1);
        View grad = contiguous(g, 1);
        device.binary(BinaryOp.SIGMOID_BACKWARD, new int[] {1}, new View(y, 0, new int[] {1}), grad, out);
        assertEquals(1f, read(out)[0]);                                  // 4 * 0.5 * (1 - 0.5)
        device.binary(BinaryOp.TANH_BACKWARD, new int[] {1}, new View(y, 1, new int[] {1}), new View(g, 1, new int[] {1}), out);
        assertEquals(1.5f, read(out)[0]);                                // 2 * (1 - 0.25)
        device.binary(BinaryOp.RELU_BACKWARD, new int[] {1}, new View(y, 2, new int[] {1}), new View(g, 2, new int[] {1}), out);
        assertEquals(0f, read(out)[0]);                                  // x = -1: no gradient
        device.binary(BinaryOp.GELU_BACKWARD, new int[] {1}, new View(y, 3, new int[] {1}), new View(g, 3, new int[] {1}), out);
        assertEquals(3f, read(out)[0]);                                  // 6 * (Phi(0) + 0)
        DeviceBuffer x = floats(1, -3), ones = floats(1, 1), two = device.allocate(DType.F32, 2);
        device.binary(BinaryOp.GELU_TANH_BACKWARD, new int[] {2}, contiguous(x, 2), contiguous(ones, 2), two);
        assertArrayEquals(new float[] {1.0829640838457826f, -0.011584166630969648f}, read(two), 1e-7f); // torch autograd
    }

    @Test
    void whereTakesAForAnyNonZeroCondition() {
        DeviceBuffer c = floats(1, 0, -1), a = floats(1, 2, 3), b = floats(7, 8, 9), out = device.allocate(DType.F32, 3);
        device.where(new int[] {3}, contiguous(c, 3), contiguous(a, 3), contiguous(b, 3), out);
        assertArrayEquals(new float[] {1, 8, 3}, read(out));
    }

    // ---------------------------------------------------------------- reductions and softmax

    private float[] reduce(ReduceOp op, int outer, int len, int inner, float... x) {
        DeviceBuffer out = device.allocate(DType.F32, outer * inner);
        device.reduce(op, floats(x), outer, len, inner, out);
        return read(out);
    }

    @Test
    void reductionsOfTheMiddleAxis() {
        float[] rows = {1, 2, 3, 4, 5, 6}; // [outer 2, len 3, inner 1]
        assertArrayEquals(new float[] {6, 15}, reduce(ReduceOp.SUM, 2, 3, 1, rows));
        assertArrayEquals(new float[] {2, 5}, reduce(ReduceOp.MEAN, 2, 3, 1, rows));
        assertArrayEquals(new float[] {3, 6}, reduce(ReduceOp.MAX, 2, 3, 1, rows));
        assertArrayEquals(new float[] {1, 4}, reduce(ReduceOp.MIN, 2, 3, 1, rows));
        assertArrayEquals(new float[] {4, 7}, reduce(ReduceOp.SUM, 1, 2, 2, 1, 5, 3, 2)); // columns of [[1, 5], [3, 2]]
        assertTrue(Float.isNaN(reduce(ReduceOp.MEAN, 1, 0, 1)[0]));
        DeviceBuffer index = device.allocate(DType.I32, 2);
        device.reduce(ReduceOp.ARGMAX, floats(1, 3, 3, 2, Float.NaN, 9), 2, 3, 1, index);
        assertArrayEquals(new int[] {1, 1}, readInts(index)); // the first of tied maxima; a NaN wins
    }

    @Test
    void softmaxOfZeroAndLnTwoIsOneThirdAndTwoThirds() {
        DeviceBuffer x = floats(0, (float) Math.log(2)), out = device.allocate(DType.F32, 2);
        device.softmax(x, 1, 2, 1, false, out);
        assertArrayEquals(new float[] {1f / 3, 2f / 3}, read(out), 1e-7f);
        device.softmax(x, 1, 2, 1, true, out);
        assertArrayEquals(new float[] {(float) Math.log(1.0 / 3), (float) Math.log(2.0 / 3)}, read(out), 1e-7f);
        device.softmax(floats(3000, 3000), 1, 2, 1, false, out); // exp(3000) overflows unless the max is subtracted
        assertArrayEquals(new float[] {0.5f, 0.5f}, read(out));
    }

    // ---------------------------------------------------------------- matmul, convolution, pooling

    @Test
    void matmulOfTwoByTwoMatrices() {
        DeviceBuffer a = floats(1, 2, 3, 4), b = floats(5, 6, 7, 8), c = device.allocate(DType.F32, 4);
        device.matmul(MatmulShape.of(2, 2, 2), a, 0, b, 0, c);
        assertArrayEquals(new float[] {19, 22, 43, 50}, read(c));
        DeviceBuffer aStoredTransposed = floats(1, 3, 2, 4);
        device.matmul(new MatmulShape(1, 2, 2, 2, true, false, 4, 4), aStoredTransposed, 0, b, 0, c);
        assertArrayEquals(new float[] {19, 22, 43, 50}, read(c));
        DeviceBuffer twoAs = floats(1, 0, 0, 1, 1, 2, 3, 4), both = device.allocate(DType.F32, 8); // B broadcast (stride 0)
        device.matmul(new MatmulShape(2, 2, 2, 2, false, false, 4, 0), twoAs, 0, b, 0, both);
        assertArrayEquals(new float[] {5, 6, 7, 8, 19, 22, 43, 50}, read(both));
    }

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /** 3 x 3 image, one channel, 3 x 3 kernel, stride 1, padding 1: output 3 x 3. */
    private static final Conv2dShape SAME_3X3 = new Conv2dShape(1, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1);
    /** The sums of each pixel's neighbourhood in ONE_TO_NINE (zero outside). */
    private static final float[] NEIGHBOURHOOD_SUMS = {12, 21, 16, 27, 45, 33, 24, 39, 28};

    @Test
    void convolutionIsACrossCorrelationWithZeroPadding() {
        DeviceBuffer out = device.allocate(DType.F32, 9);
        device.conv2d(SAME_3X3, floats(ONE_TO_NINE), floats(0, 0, 0, 0, 0, 1, 0, 0, 0), null, out);
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, read(out)); // each pixel's right-hand neighbour
        device.conv2d(SAME_3X3, floats(ONE_TO_NINE), floats(1, 1, 1, 1, 1, 1, 1, 1, 1), floats(100), out);
        float[] withBias = NEIGHBOURHOOD_SUMS.clone();
        for (int i = 0; i < 9; i++) withBias[i] += 100;
        assertArrayEquals(withBias, read(out));
    }

    @Test
    void convolutionBackwardPasses() {
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        DeviceBuffer gradInput = device.allocate(DType.F32, 9), gradWeight = device.allocate(DType.F32, 9);
        // Each input pixel receives one gradient per output window covering it: 4 at corners, 6 on edges, 9 inside.
        device.conv2dBackwardInput(SAME_3X3, floats(ones), floats(ones), gradInput);
        assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, read(gradInput));
        // Weight tap (kh, kw) sums the inputs it met: the same neighbourhood sums.
        device.conv2dBackwardWeight(SAME_3X3, floats(ONE_TO_NINE), floats(ones), gradWeight);
        assertArrayEquals(NEIGHBOURHOOD_SUMS, read(gradWeight));
        // Stride 2 with a 1 x 1 kernel reads only even rows and columns: the others get no gradient.
        Conv2dShape strided = new Conv2dShape(1, 1, 3, 3, 1, 1, 1, 2, 2, 0, 0);
        device.conv2dBackwardInput(strided, floats(1, 2, 3, 4), floats(10), gradInput);
        assertArrayEquals(new float[] {10, 0, 20, 0, 0, 0, 30, 0, 40}, read(gradInput));
    }

    private static final Pool2dShape POOL_2X2 = new Pool2dShape(1, 1, 4, 4, 2, 2, 2, 2, 0, 0);
    private static final float[] FOUR_BY_FOUR = {1, 3, 2, 4, 5, 7, 6, 8, 9, 11, 10, 12, 13, 15, 14, 16};

    @Test
    void maxPoolingRecordsTheFirstMaximum() {
        DeviceBuffer out = device.allocate(DType.F32, 4), argmax = device.allocate(DType.I32, 4);
        device.maxPool2d(POOL_2X2, floats(FOUR_BY_FOUR), out, argmax);
        assertArrayEquals(new float[] {7, 8, 15, 16}, read(out));
        assertArrayEquals(new int[] {5, 7, 13, 15}, readInts(argmax)); // h * 4 + w
        DeviceBuffer tie = device.allocate(DType.F32, 1), tieAt = device.allocate(DType.I32, 1);
        device.maxPool2d(new Pool2dShape(1, 1, 2, 2, 2, 2, 1, 1, 0, 0), floats(2, 2, 2, 2), tie, tieAt);
        assertEquals(0, readInts(tieAt)[0]);

        DeviceBuffer gradInput = device.allocate(DType.F32, 16);
        device.maxPool2dBackward(POOL_2X2, floats(1, 2, 3, 4), ints(5, 5, 13, 15), gradInput); // two outputs route to 5
        float[] expected = new float[16];
        expected[5] = 3;
        expected[13] = 3;
        expected[15] = 4;
        assertArrayEquals(expected, read(gradInput));
    }

    @Test
    void averagePoolingCountsPaddingInTheDivisor() {
        DeviceBuffer out = device.allocate(DType.F32, 4);
        device.avgPool2d(POOL_2X2, floats(FOUR_BY_FOUR), out);
        assertArrayEquals(new float[] {4, 5, 12, 13}, read(out));
        DeviceBuffer one = device.allocate(DType.F32, 1);
        device.avgPool2d(new Pool2dShape(1, 1, 1, 1, 3, 3, 1, 1, 1, 1), floats(9), one);
        assertEquals(1f, read(one)[0]); // 9 / (3 * 3): eight padding zeros count

        DeviceBuffer gradInput = device.allocate(DType.F32, 16);
        device.avgPool2dBackward(POOL_2X2, floats(4, 8, 12, 16), gradInput);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, read(gradInput));
    }

    // ---------------------------------------------------------------- indexing

    @Test
    void indexSelectAndIndexAddAlongTheMiddleAxis() {
        DeviceBuffer table = floats(1, 2, 10, 20, 100, 200), picked = device.allocate(DType.F32, 4); // [1, 3, 2]
        device.indexSelect(table, 1, 3, 2, ints(2, 0), 2, picked);
        assertArrayEquals(new float[] {100, 200, 1, 2}, read(picked));
        device.indexAdd(table, 1, 3, 2, ints(0, 0), 2, floats(1, 1, 2, 2)); // a repeated index adds twice
        assertArrayEquals(new float[] {4, 5, 10, 20, 100, 200}, read(table));
    }

    @Test
    void gatherAndScatterAddPickPerElement() {
        DeviceBuffer x = floats(1, 2, 3, 4, 5, 6), picked = device.allocate(DType.F32, 2); // [outer 2, len 3, inner 1]
        device.gather(x, 2, 3, 1, ints(2, 0), 1, picked);
        assertArrayEquals(new float[] {3, 4}, read(picked));
        DeviceBuffer grad = floats(0, 0, 0, 0, 0, 0);
        device.scatterAdd(grad, 2, 3, 1, ints(1, 1, 2, 2), 2, floats(1, 2, 3, 4));
        assertArrayEquals(new float[] {0, 3, 0, 0, 0, 7}, read(grad));
    }

    // ---------------------------------------------------------------- random numbers

    @Test
    void randomFollowsThePhiloxMapping() {
        DeviceBuffer u = device.allocate(DType.F32, 6), z = device.allocate(DType.F32, 6);
        device.random(u, 6, Distribution.UNIFORM, 42, 3, -2, 2);
        device.random(z, 6, Distribution.NORMAL, 42, 3, 1, 0.5f);
        for (int i = 0; i < 6; i++) {
            assertEquals(-2 + 4 * Philox.uniform(42, 3 + i), read(u)[i]);
            assertEquals(1 + 0.5f * Philox.normal(42, 3 + i), read(z)[i]);
        }
        DeviceBuffer many = device.allocate(DType.F32, 20_000);
        device.random(many, 20_000, Distribution.NORMAL, 7, 0, 0, 1);
        double sum = 0, squares = 0;
        for (float v : read(many)) {
            sum += v;
            squares += v * v;
        }
        assertEquals(0, sum / 20_000, 0.03);
        assertEquals(1, squares / 20_000, 0.05);
    }

    // ---------------------------------------------------------------- optimizer updates

    @Test
    void sgdStepsWorkedByHand() {
        DeviceBuffer p = floats(1), g = floats(0.5f), v = floats(123);
        device.sgdUpdate(p, g, v, 1, new SgdParams(0.1f, 0.9f, 0, 0, false, true));
        assertEquals(0.95f, read(p)[0], 1e-7f);   // v = g = 0.5 (the old velocity is ignored); p = 1 - 0.1 * 0.5
        device.sgdUpdate(p, g, v, 1, new SgdParams(0.1f, 0.9f, 0, 0, false, false));
        assertEquals(0.95f, read(v)[0], 1e-7f);   // v = 0.9 * 0.5 + 0.5
        assertEquals(0.855f, read(p)[0], 1e-7f);  // p = 0.95 - 0.1 * 0.95
        DeviceBuffer q = floats(1);
        device.sgdUpdate(q, g, null, 1, new SgdParams(0.1f, 0, 0, 0.1f, false, true));
        assertEquals(0.94f, read(q)[0], 1e-7f);   // g = 0.5 + 0.1 * 1
    }

    @Test
    void adamFirstStepMovesByTheLearningRate() {
        DeviceBuffer p = floats(1), g = floats(0.5f), m = floats(0), v = floats(0);
        device.adamUpdate(p, g, m, v, 1, new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0, false, 1));
        // (1 - beta) is not exactly 0.1 or 0.001: the hyper-parameters are floats (0.9f is 0.899999976)
        assertEquals(0.05f, read(m)[0], 1e-7f);      // 0.1 * g
        assertEquals(0.00025f, read(v)[0], 1e-8f);   // 0.001 * g^2
        assertEquals(0.9f, read(p)[0], 1e-7f);       // mHat / sqrt(vHat) = 0.5 / 0.5
        DeviceBuffer w = floats(1);
        device.adamUpdate(w, g, floats(0), floats(0), 1, new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, true, 1));
        assertEquals(0.89f, read(w)[0], 1e-7f);      // AdamW: 1 * (1 - 0.1 * 0.1) - 0.1
    }

    @Test
    void rmspropFirstStep() {
        DeviceBuffer p = floats(1), g = floats(0.5f), sq = floats(0), buf = floats(0);
        device.rmspropUpdate(p, g, sq, buf, 1, new RmspropParams(0.01f, 0.99f, 1e-8f, 0, 0.9f));
        assertEquals(0.0025f, read(sq)[0], 1e-8f);  // 0.01 * g^2 (0.99f is not exactly 0.99)
        assertEquals(10f, read(buf)[0], 1e-5f);     // g / sqrt(sq) = 0.5 / 0.05
        assertEquals(0.9f, read(p)[0], 1e-7f);      // 1 - 0.01 * 10
    }
}
