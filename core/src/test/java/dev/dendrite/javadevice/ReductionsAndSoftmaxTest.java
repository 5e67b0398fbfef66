package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** reduce and softmax over [outer, len, inner] blocks against plain loops. */
class ReductionsAndSoftmaxTest {

    static List<JavaDevice> devices() { return JavaDevices.all(); }

    static final int[][] BLOCKS = {
        {1, 1, 1}, {1, 129, 1}, {3, 17, 1}, {1, 17, 3}, {17, 3, 33}, {33, 1, 17}, {3, 33, 129}, {129, 17, 1},
        {2, 70000, 1}, {4, 9, 20000}, // large enough to be split across threads
    };

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void everyReductionMatchesPlainLoops(JavaDevice device) {
        Random random = new Random(10);
        for (int[] block : BLOCKS) {
            int outer = block[0], len = block[1], inner = block[2];
            float[] x = randomFloats(random, outer * len * inner);
            DeviceBuffer src = upload(device, x);
            for (ReduceOp op : ReduceOp.values()) {
                DeviceBuffer dst = device.allocate(op == ReduceOp.ARGMAX ? DType.I32 : DType.F32, outer * inner);
                device.reduce(op, src, outer, len, inner, dst);
                float[] expected = new float[outer * inner];
                int[] expectedIndex = new int[outer * inner];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double sum = 0;
                        float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
                        int arg = -1;
                        for (int l = 0; l < len; l++) {
                            float v = x[(o * len + l) * inner + i];
                            sum += v;
                            if (v > max) { max = v; arg = l; }
                            min = Math.min(min, v);
                        }
                        int out = o * inner + i;
                        expectedIndex[out] = arg;
                        expected[out] = switch (op) {
                            case SUM -> (float) sum;
                            case MEAN -> (float) (sum / len);
                            case MAX -> max;
                            case MIN -> min;
                            case ARGMAX -> 0;
                        };
                    }
                }
                String what = op + " over [" + outer + ", " + len + ", " + inner + "]";
                if (op == ReduceOp.ARGMAX) assertArrayEquals(expectedIndex, downloadInts(device, dst), what);
                else assertClose(expected, download(device, dst), 1e-6, 1e-6, what);
                device.release(dst);
            }
            device.release(src);
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    /**
     * ARGMAX and MAX of rows long enough for the vector path, drawn from a few values so that ties
     * are common: the first maximum's index, and where a row holds a NaN, the first NaN's (index 0
     * when the row starts with one); +0 and -0 count as equal, so the first zero of a row whose
     * maximum is zero.
     */
    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void argmaxOfLongRowsTakesTheFirstMaximumOrTheFirstNaN(JavaDevice device) {
        float[][] pools = {{1f, 3f, 3f, -2f}, {-0f, 0f, -1f}, {-5f, -4f, -4f, Float.NEGATIVE_INFINITY},
                           {2f, Float.NaN, 7f, Float.POSITIVE_INFINITY}, {Float.NaN}};
        Random random = new Random(12);
        int rows = 40, len = 100;
        for (float[] pool : pools) {
            float[] x = new float[rows * len];
            for (int i = 0; i < x.length; i++) x[i] = pool[random.nextInt(pool.length)];
            DeviceBuffer src = upload(device, x);
            DeviceBuffer idx = device.allocate(DType.I32, rows), max = device.allocate(DType.F32, rows);
            device.reduce(ReduceOp.ARGMAX, src, rows, len, 1, idx);
            device.reduce(ReduceOp.MAX, src, rows, len, 1, max);
            int[] got = downloadInts(device, idx);
            float[] gotMax = download(device, max);
            for (int r = 0; r < rows; r++) {
                int arg = 0;
                float best = x[r * len];
                for (int l = 1; l < len && best == best; l++) {
                    float v = x[r * len + l];
                    if (v != v) { arg = l; break; }
                    if (v > best) { best = v; arg = l; }
                }
                String what = "row " + r + " of " + java.util.Arrays.toString(pool);
                assertEquals(arg, got[r], what);
                if (Float.isNaN(x[r * len + arg])) assertTrue(Float.isNaN(gotMax[r]), what);
                else assertEquals(x[r * len + arg], gotMax[r], 0f, what);
            }
            releaseAll(device, src, idx, max);
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    @Test
    void emptyAxesNaNAndTies() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer empty = device.allocate(DType.F32, 0), out = device.allocate(DType.F32, 2);
        device.reduce(ReduceOp.SUM, empty, 2, 0, 1, out);
        assertArrayEquals(new float[] {0, 0}, download(device, out));
        device.reduce(ReduceOp.MEAN, empty, 2, 0, 1, out);
        assertTrue(Float.isNaN(download(device, out)[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> device.reduce(ReduceOp.MAX, empty, 2, 0, 1, out));
        assertTrue(e.getMessage().contains("MAX"), e.getMessage());

        DeviceBuffer x = upload(device, new float[] {1, 5, 5, 2, Float.NaN, 7});
        DeviceBuffer idx = device.allocate(DType.I32, 2);
        device.reduce(ReduceOp.ARGMAX, x, 2, 3, 1, idx);
        assertArrayEquals(new int[] {1, 1}, downloadInts(device, idx), "first maximum; NaN wins");
        device.reduce(ReduceOp.MAX, x, 2, 3, 1, out);
        float[] max = download(device, out);
        assertEquals(5f, max[0]);
        assertTrue(Float.isNaN(max[1]));
        releaseAll(device, empty, out, x, idx);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void softmaxAndLogSoftmaxMatchPlainLoops(JavaDevice device) {
        Random random = new Random(11);
        for (int[] block : BLOCKS) {
            int outer = block[0], len = block[1], inner = block[2];
            float[] x = randomFloats(random, outer * len * inner);
            for (int i = 0; i < x.length; i++) x[i] *= 20; // large logits: exp would overflow without the max shift
            DeviceBuffer src = upload(device, x), dst = device.allocate(DType.F32, x.length);
            for (boolean log : new boolean[] {false, true}) {
                device.softmax(src, outer, len, inner, log, dst);
                float[] expected = new float[x.length];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int l = 0; l < len; l++) max = Math.max(max, x[(o * len + l) * inner + i]);
                        double sum = 0;
                        for (int l = 0; l < len; l++) sum += Math.exp(x[(o * len + l) * inner + i] - max);
                        for (int l = 0; l < len; l++) {
                            int p = (o * len + l) * inner + i;
                            double value = Math.exp(x[p] - max) / sum;
                            expected[p] = (float) (log ? x[p] - max - Math.log(sum) : value);
                        }
                    }
                }
                assertClose(expected, download(device, dst), 1e-6, 1e-5,
                        (log ? "log-softmax" : "softmax") + " over [" + outer + ", " + len + ", " + inner + "]");
            }
            releaseAll(device, src, dst);
        }
    }

    @Test
    void softmaxOfAllMinusInfinityIsNotNaNForLog() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer src = upload(device, new float[] {Float.NEGATIVE_INFINITY, 0f}), dst = device.allocate(DType.F32, 2);
        device.softmax(src, 1, 2, 1, false, dst);
        assertArrayEquals(new float[] {0f, 1f}, download(device, dst));
        releaseAll(device, src, dst);
    }
}
