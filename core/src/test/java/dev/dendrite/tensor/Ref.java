package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import java.util.Arrays;
import java.util.Random;

/**
 * Plain host-side helpers for the tensor tests: random data, row-major index arithmetic with
 * NumPy broadcasting, non-contiguous copies of given values, and float comparison.
 */
final class Ref {
    static final Device D = Devices.java();

    private Ref() {}

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 4 - 2);
        return v;
    }

    static int numel(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
        return flat;
    }

    /** Element of (data, shape) read at an index of a (broadcast) output shape. */
    static float at(float[] data, int[] shape, int[] outIdx) {
        int lead = outIdx.length - shape.length;
        int flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIdx[d + lead]);
        return data[flat];
    }

    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) < 0 ? 1 : a[d - (rank - a.length)];
            int db = d - (rank - b.length) < 0 ? 1 : b[d - (rank - b.length)];
            out[d] = Math.max(da, db) == 0 || Math.min(da, db) == 0 ? 0 : Math.max(da, db);
        }
        return out;
    }

    /** A contiguous tensor; an empty shape gives a 0-d tensor (Tensor.of would default to [n]). */
    static Tensor tensor(float[] data, int... shape) {
        if (shape.length > 0) return Tensor.of(D, data, shape);
        try (Tensor one = Tensor.of(D, data, 1)) {
            return one.reshape();
        }
    }

    /**
     * A non-contiguous tensor holding {@code data} in {@code shape}: the values sit at even
     * positions of a [..., 2] buffer (odd positions hold garbage), and the view selects them.
     */
    static Tensor strided(float[] data, int... shape) {
        float[] wide = new float[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            wide[2 * i] = data[i];
            wide[2 * i + 1] = 1e6f + i;
        }
        int[] wideShape = Arrays.copyOf(shape, shape.length + 1);
        wideShape[shape.length] = 2;
        try (Tensor w = Tensor.of(D, wide, wideShape)) {
            return w.select(-1, 0);
        }
    }

    /** Contiguous or not, alternating with {@code i}, so both layouts get exercised. */
    static Tensor either(int i, float[] data, int... shape) {
        return i % 2 == 0 ? tensor(data, shape) : strided(data, shape);
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)))) {
                fail("element " + i + ": expected " + e + " but was " + a + " (tol " + tol + ")");
            }
        }
    }

    static void assertClose(float[] expected, Tensor actual, double tol) {
        assertClose(expected, actual.toFloatArray(), tol);
    }

    static long liveBuffers() { return D.memoryStats().liveBuffers(); }
}
