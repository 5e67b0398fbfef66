package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.conformance.Tolerance;
import dev.dendrite.conformance.Tolerances;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.View;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The code paths of the OpenCL device that the conformance kit's shapes may not reach, each
 * against the reference device: reductions split into two passes (long rows and long columns),
 * row-wise argmax and softmax (rows of at least 64), convolutions cut into batch chunks, float to
 * int copies that saturate, and uploads/downloads at offsets.
 */
class OpenClPathsTest {
    private final OpenClDevice cl = OpenClTestSupport.device();
    private final Device ref = new ReferenceDevice();

    @Test
    void twoPassReductionsOverLongRowsAndColumns() {
        int[][] shapes = {{1, 300_001, 1}, {3, 20_000, 1}, {1, 100_000, 3}, {2, 5_000, 7}};
        for (int[] s : shapes) {
            float[] x = random(s[0] * s[1] * s[2], 7);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MEAN, ReduceOp.MAX, ReduceOp.MIN}) {
                float[] want = reduce(ref, op, x, s);
                float[] got = reduce(cl, op, x, s);
                assertReduced(op, s[1], want, got, op + " over " + Arrays.toString(s));
            }
        }
    }

    /**
     * The kit's rule ({@link Tolerances.Kind#ACCUMULATION}) for a reduction of {@code len} terms of
     * magnitude at most 1: a sum within atol 1e-5 at scale sqrt(len), as rounding errors grow; a mean
     * the same divided by len; max and min exact.
     */
    static void assertReduced(ReduceOp op, int len, float[] want, float[] got, String what) {
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
        Tolerance t = sum ? Tolerances.standard(Tolerances.Kind.ACCUMULATION) : Tolerance.EXACT;
        double scale = Tolerances.sumScale(len, 1) / (op == ReduceOp.MEAN ? len : 1);
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (!t.accepts(want[i], got[i], scale)) {
                fail(what + ": output " + i + " expected " + want[i] + " but was " + got[i]
                        + " (allowed " + (float) t.allowed(want[i], scale) + ")");
            }
        }
    }

    /**
     * That rule must reject a sum of 300,001 terms that lost one of them. The bound this test used to
     * allow, 2e-6 x len = 0.6, grew with len instead of sqrt(len) and passed it.
     */
    @Test
    void aLongSumMissingOneTermFailsTheCheck() {
        int len = 300_001;
        float[] x = random(len, 7);
        float[] want = reduce(ref, ReduceOp.SUM, x, new int[] {1, len, 1});
        int dropped = len / 2;
        while (Math.abs(x[dropped]) < 0.05f || Math.abs(x[dropped]) > 0.5f) dropped++;   // an ordinary term, not near zero
        float[] got = {want[0] - x[dropped]};
        assertTrue(Math.abs(x[dropped]) < 2e-6 * len, "the old bound would have passed it");
        assertThrows(AssertionFailedError.class, () -> assertReduced(ReduceOp.SUM, len, want, got, "sum"));
    }

    @Test
    void argmaxAndSoftmaxOverLongRows() {
        int outer = 5, len = 1000;
        float[] x = random(outer * len, 3);
        x[2 * len + 999] = 9f;                       // a maximum at the very end of a row
        x[3 * len + 10] = 9f;                        // a tie: the first one wins
        x[3 * len + 500] = 9f;
        int[] want = new int[outer], got = new int[outer];
        argmax(ref, x, outer, len, want);
        argmax(cl, x, outer, len, got);
        assertArrayEquals(want, got);
        assertEquals(999, got[2]);
        assertEquals(10, got[3]);
        for (boolean log : new boolean[] {false, true}) {
            assertArrayEquals(softmax(ref, x, outer, len, log), softmax(cl, x, outer, len, log), 1e-6f, "log=" + log);
        }
    }

    @Test
    void convolutionCutIntoBatchChunksMatches() {
        convolutionInChunksOfTwo(new Conv2dShape(7, 3, 9, 8, 5, 3, 3, 2, 1, 1, 1));
        // channel groups: each chunk's products sit at the chunk's offsets in every group
        convolutionInChunksOfTwo(new Conv2dShape(7, 4, 9, 8, 6, 3, 2, 2, 1, 1, 1, 2, 1, 2));
    }

    private void convolutionInChunksOfTwo(Conv2dShape s) {
        float[] in = random(Shapes.numel(s.inputShape()), 1), w = random(Shapes.numel(s.weightShape()), 2);
        float[] bias = random(s.outC(), 3), gOut = random(Shapes.numel(s.outputShape()), 4);
        long perImage = (long) s.inC() * s.kH() * s.kW() * s.outH() * s.outW();
        long old = cl.convColumnBudget(perImage * 2);   // two images per chunk, the last one alone
        try {
            float[][] want = conv(ref, s, in, w, bias, gOut);
            float[][] got = conv(cl, s, in, w, bias, gOut);
            for (int i = 0; i < 3; i++) assertArrayEquals(want[i], got[i], 1e-4f, "pass " + i + " of " + s);
        } finally {
            cl.convColumnBudget(old);
        }
    }

    @Test
    void floatToIntCopyTruncatesAndSaturatesLikeJava() {
        float[] x = {1.9f, -1.9f, 3e9f, -3e9f, Float.NaN, 0.5f, Float.POSITIVE_INFINITY, -0f};
        int[] want = new int[x.length];
        for (int i = 0; i < x.length; i++) want[i] = (int) x[i];
        DeviceBuffer f = cl.allocate(DType.F32, x.length), n = cl.allocate(DType.I32, x.length);
        try {
            cl.upload(x, 0, f, 0, x.length);
            int[] shape = {x.length};
            cl.copy(shape, View.contiguous(f, shape), View.contiguous(n, shape));
            int[] got = new int[x.length];
            cl.download(n, 0, got, 0, x.length);
            assertArrayEquals(want, got);
        } finally {
            cl.release(f);
            cl.release(n);
        }
    }

    @Test
    void uploadAndDownloadAtOffsets() {
        DeviceBuffer b = cl.allocate(DType.F32, 10);
        try {
            cl.fill(b, 0, 10, -1f);
            cl.upload(new float[] {9, 1, 2, 3, 9}, 1, b, 4, 3);
            float[] out = new float[12];
            cl.download(b, 2, out, 1, 8);
            assertArrayEquals(new float[] {0, -1, -1, 1, 2, 3, -1, -1, -1, 0, 0, 0}, out);
        } finally {
            cl.release(b);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static float[] reduce(Device d, ReduceOp op, float[] x, int[] s) {
        DeviceBuffer src = d.allocate(DType.F32, x.length), dst = d.allocate(DType.F32, s[0] * s[2]);
        try {
            d.upload(x, 0, src, 0, x.length);
            d.reduce(op, src, s[0], s[1], s[2], dst);
            float[] out = new float[s[0] * s[2]];
            d.download(dst, 0, out, 0, out.length);
            return out;
        } finally {
            d.release(src);
            d.release(dst);
        }
    }

    private static void argmax(Device d, float[] x, int outer, int len, int[] out) {
        DeviceBuffer src = d.allocate(DType.F32, x.length), dst = d.allocate(DType.I32, outer);
        try {
            d.upload(x, 0, src, 0, x.length);
            d.reduce(ReduceOp.ARGMAX, src, outer, len, 1, dst);
            d.download(dst, 0, out, 0, outer);
        } finally {
            d.release(src);
            d.release(dst);
        }
    }

    private static float[] softmax(Device d, float[] x, int outer, int len, boolean log) {
        DeviceBuffer src = d.allocate(DType.F32, x.length), dst = d.allocate(DType.F32, x.length);
        try {
            d.upload(x, 0, src, 0, x.length);
            d.softmax(src, outer, len, 1, log, dst);
            float[] out = new float[x.length];
            d.download(dst, 0, out, 0, out.length);
            return out;
        } finally {
            d.release(src);
            d.release(dst);
        }
    }

    /** forward output, input gradient, weight gradient. */
    private static float[][] conv(Device d, Conv2dShape s, float[] in, float[] w, float[] bias, float[] gOut) {
        DeviceBuffer bi = d.allocate(DType.F32, in.length), bw = d.allocate(DType.F32, w.length);
        DeviceBuffer bb = d.allocate(DType.F32, bias.length), bg = d.allocate(DType.F32, gOut.length);
        DeviceBuffer out = d.allocate(DType.F32, gOut.length), gIn = d.allocate(DType.F32, in.length);
        DeviceBuffer gW = d.allocate(DType.F32, w.length);
        try {
            d.upload(in, 0, bi, 0, in.length);
            d.upload(w, 0, bw, 0, w.length);
            d.upload(bias, 0, bb, 0, bias.length);
            d.upload(gOut, 0, bg, 0, gOut.length);
            d.conv2d(s, bi, bw, bb, out);
            d.conv2dBackwardInput(s, bg, bw, gIn);
            d.conv2dBackwardWeight(s, bi, bg, gW);
            float[][] r = {new float[gOut.length], new float[in.length], new float[w.length]};
            d.download(out, 0, r[0], 0, r[0].length);
            d.download(gIn, 0, r[1], 0, r[1].length);
            d.download(gW, 0, r[2], 0, r[2].length);
            return r;
        } finally {
            for (DeviceBuffer b : new DeviceBuffer[] {bi, bw, bb, bg, out, gIn, gW}) d.release(b);
        }
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }
}
