package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorExp} against Math.exp (double, as good as exact here), and the vector softmax rows
 * that use it against the scalar loops. The exponential is reached through the row kernels' EXP
 * and {@link RowKernels#expShifted} (with shift 0), so this test, like the device, never links
 * against the incubator classes when the module is absent.
 */
class VectorExpTest {
    private static RowKernels vector;

    @BeforeAll
    static void vectorRows() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        vector = MicroKernels.vectorRows();
    }

    /** Vector e^x of every x, through the row kernels' EXP ({@link VectorExp#exp} on whole vectors). */
    private static float[] exp(float[] x) {
        float[] y = new float[x.length];
        assertTrue(vector.transcendental(UnaryOp.EXP, x, 0, y, 0, x.length));
        return y;
    }

    /** {@link VectorExp#expOfNonPositive} of every x, through expShifted with shift 0 (which leaves x as it is). */
    private static float[] expOfNonPositive(float[] x) {
        float[] y = x.clone();
        vector.expShifted(y, 0, y.length, 0f, vector.newLaneSums());
        return y;
    }

    /**
     * Error in units in the last place of the exact result; a subnormal result counts in units of the
     * smallest subnormal (its ulp); a result that is 0 or infinite in float must be exactly that.
     */
    private static double ulps(float x, float y) {
        double exact = Math.exp(x);
        float rounded = (float) exact;
        if (rounded == 0f || Float.isInfinite(rounded)) return y == rounded ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(y - exact) / Math.ulp(rounded);
    }

    @Test
    void denseSweepOfAllFloatsIsWithinOneAndAHalfUlps() {
        // every 251st bit pattern: 17 million floats of every sign and exponent, NaNs and infinities
        int stride = 251, block = 1 << 16;
        float[] x = new float[block];
        double worst = 0;
        float worstX = 0;
        long checked = 0;
        long bits = 0;
        while (bits < (1L << 32)) {
            int n = 0;
            for (; n < block && bits < (1L << 32); n++, bits += stride) x[n] = Float.intBitsToFloat((int) bits);
            float[] in = Arrays.copyOf(x, n), y = exp(in);
            for (int i = 0; i < n; i++) {
                if (Float.isNaN(in[i])) {
                    assertTrue(Float.isNaN(y[i]), "exp(NaN) = " + y[i]);
                    continue;
                }
                double u = ulps(in[i], y[i]);
                if (u > worst) {
                    worst = u;
                    worstX = in[i];
                }
                checked++;
            }
        }
        assertTrue(checked > 17_000_000, "checked " + checked);
        assertTrue(worst <= 1.5, "worst error " + worst + " ulp at x = " + worstX + " (" + Float.floatToRawIntBits(worstX) + ")");
    }

    @Test
    void theExponentialOfNonPositiveArgumentsHasExpsBits() {
        // every 61st bit pattern from -0 down through -infinity to the NaNs: 35 million floats
        int block = 1 << 16;
        float[] x = new float[block];
        long checked = 0;
        for (long bits = 0x80000000L; bits <= 0xFFFFFFFFL; ) {
            int n = 0;
            for (; n < block && bits <= 0xFFFFFFFFL; n++, bits += 61) x[n] = Float.intBitsToFloat((int) bits);
            float[] in = Arrays.copyOf(x, n), expected = exp(in), actual = expOfNonPositive(in);
            for (int i = 0; i < n; i++) {
                if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                    throw new AssertionError("e^" + in[i] + ": exp gives " + expected[i] + ", expOfNonPositive " + actual[i]);
                }
            }
            checked += n;
        }
        float[] edges = {0f, -0f, -Float.MIN_VALUE, -87.33654f, -103.97208f, -104f, -104.1f, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] expected = exp(edges), actual = expOfNonPositive(edges);
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
        assertTrue(checked > 35_000_000, "checked " + checked);
    }

    @Test
    void edgesAreExact() {
        float[] x = {0f, -0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -Float.MAX_VALUE,
                     Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 88.72283f, 88.7229f, 89f, 89.1f, 1000f,
                     -87.33654f, -87.34f, -100f, -103.97208f, -103.973f, -104f, -104.1f, -1000f, 1e7f, -1e7f};
        float[] y = exp(x);
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                assertTrue(Float.isNaN(y[i]));
                continue;
            }
            assertTrue(ulps(x[i], y[i]) <= 1.5, "exp(" + x[i] + ") = " + y[i] + ", Math.exp: " + (float) Math.exp(x[i]));
        }
        assertEquals(1f, y[0]);
        assertEquals(1f, y[1]);
        assertEquals(0f, y[2]);
        assertEquals(Float.POSITIVE_INFINITY, y[3]);
        assertTrue(y[9] > 3e38f && y[9] < Float.POSITIVE_INFINITY, "e^88.72283 is finite: " + y[9]);
        assertEquals(Float.POSITIVE_INFINITY, y[10]);
        assertTrue(y[16] > 0 && y[16] < Float.MIN_NORMAL, "e^-100 is subnormal: " + y[16]);
        assertEquals(0f, y[19]);
    }

    @Test
    void vectorSoftmaxRowsMatchTheScalarLoopsWithinFloatRounding() {
        Random random = new Random(11);
        for (int n = 1; n <= 70; n++) {
            for (boolean log : new boolean[] {false, true}) {
                float[] x = new float[n + 3];
                for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * (n % 3 == 0 ? 30 : 2));
                float[] expected = new float[n + 5], actual = new float[n + 5];
                Softmax.run(RowKernels.SCALAR, x, new View(null, 3, new int[] {0, 1, 1}), 1, n, 1, log,
                        expected, 0, 1);
                if (!vector.softmax(x, 3, n, actual, 0, 1, n, log)) {
                    assertTrue(n < 16, "rows shorter than one vector are left to the scalar loop; n = " + n);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    // the sum is a float here, a double in the scalar loop: log(1 + 3e-8) is 0 in float
                    assertEquals(expected[i], actual[i], 2e-6 * Math.abs(expected[i]) + 1e-7,
                            (log ? "log-softmax" : "softmax") + " n=" + n + " i=" + i);
                }
            }
        }
    }

    @Test
    void specialRowsGiveWhatTheScalarLoopsGive() {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        float[][] rows = {
            filled(37, Float.NEGATIVE_INFINITY),                 // all -inf: NaN, as 0/0
            withAt(filled(37, 1f), 5, nan),                       // a NaN: every output NaN
            withAt(filled(37, 1f), 36, inf),                      // +inf: NaN where inf - inf
            withAt(filled(40, -inf), 17, 3f),                     // one finite value: 1 there, 0 elsewhere
        };
        for (float[] x : rows) {
            for (boolean log : new boolean[] {false, true}) {
                float[] expected = new float[x.length], actual = new float[x.length];
                Softmax.run(RowKernels.SCALAR, x, new View(null, 0, new int[] {0, 1, 1}), 1, x.length, 1, log,
                        expected, 0, 1);
                vector.softmax(x, 0, x.length, actual, 0, 1, x.length, log);
                assertEquals(Arrays.toString(expected), Arrays.toString(actual), Arrays.toString(x) + " log=" + log);
            }
        }
    }

    @Test
    void rowsOfOneSignTakeTheirMaximumFromTheFloatsBits() {
        // The kernel finds a row's maximum as the largest of its floats' bits read as ints when
        // that is at least 0, else the smallest (floats of one sign order as their bits do).
        // These rows take each branch, with the maximum in a whole vector or in the tail, and a
        // NaN of either sign (every output NaN, as in the scalar loop). The rows span more than 43,
        // past which a wrong maximum would show: e^(x - max) is only right for x - max <= 43.
        float negativeNaN = Float.intBitsToFloat(0xffc00000);
        float[][] rows = {
            withAt(filled(37, -60f), 30, -0.5f),                  // all negative, maximum in a vector
            withAt(filled(37, -60f), 34, -0.25f),                 // all negative, maximum in the tail
            withAt(withAt(filled(37, -60f), 9, Float.NEGATIVE_INFINITY), 31, -1f),   // and a -inf
            withAt(withAt(filled(40, -50f), 7, -0f), 20, -1e-30f), // all negative, -0 the largest
            withAt(withAt(filled(40, -50f), 7, -0f), 20, 0f),     // +0 above -0
            withAt(filled(37, -60f), 3, 2f),                      // one positive among negatives
            withAt(filled(37, 0.5f), 12, Float.MIN_VALUE),        // all positive, a subnormal among them
            withAt(filled(37, -1f), 20, negativeNaN),             // a NaN with its sign bit set
            withAt(filled(37, -1f), 35, Float.NaN),               // a NaN in the tail
        };
        for (float[] x : rows) {
            for (boolean log : new boolean[] {false, true}) {
                float[] expected = new float[x.length], actual = new float[x.length];
                Softmax.run(RowKernels.SCALAR, x, new View(null, 0, new int[] {0, 1, 1}), 1, x.length, 1, log,
                        expected, 0, 1);
                assertTrue(vector.softmax(x, 0, x.length, actual, 0, 1, x.length, log));
                for (int i = 0; i < x.length; i++) {
                    String where = Arrays.toString(x) + " log=" + log + " i=" + i;
                    if (Float.isNaN(expected[i])) assertTrue(Float.isNaN(actual[i]), where + ": " + actual[i]);
                    // a float sum against the scalar loop's double: log(sum) differs by a few units of 1e-7
                    else assertEquals(expected[i], actual[i], 2e-6 * Math.abs(expected[i]) + (log ? 1e-6 : 1e-7), where);
                }
            }
        }
    }

    @Test
    void manyRowsInOneCallGiveEachRowsOwnResult() {
        // Rows of one call take their maxima one row ahead: each row must still get its own,
        // special rows between ordinary ones included, whatever the stride between the rows in x.
        Random random = new Random(5);
        float inf = Float.POSITIVE_INFINITY;
        for (int n : new int[] {16, 37, 64, 1000}) {
            int stride = n + 5, rows = 9;
            float[] x = new float[3 + rows * stride];
            for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * 4);
            Arrays.fill(x, 3 + 2 * stride, 3 + 2 * stride + n, Float.NEGATIVE_INFINITY);   // all -inf
            x[3 + 3 * stride + n / 2] = Float.NaN;                                    // one NaN
            x[3 + 5 * stride + n - 1] = inf;                                          // +inf in the tail
            x[3 + 6 * stride] = 80f;                                                  // a large maximum
            for (boolean log : new boolean[] {false, true}) {
                float[] together = new float[rows * n + 2];
                assertTrue(vector.softmax(x, 3, stride, together, 1, rows, n, log));
                for (int r = 0; r < rows; r++) {
                    float[] alone = new float[n], scalar = new float[n];
                    assertTrue(vector.softmax(x, 3 + r * stride, stride, alone, 0, 1, n, log));
                    Softmax.run(RowKernels.SCALAR, x, new View(null, 3 + r * stride, new int[] {0, 1, 1}), 1, n, 1, log,
                            scalar, 0, 1);
                    float[] row = Arrays.copyOfRange(together, 1 + r * n, 1 + (r + 1) * n);
                    String where = "n=" + n + " row " + r + " log=" + log;
                    assertEquals(Arrays.toString(alone), Arrays.toString(row), where);
                    for (int i = 0; i < n; i++) {
                        if (Float.isNaN(scalar[i]) || Float.isInfinite(scalar[i])) assertEquals(scalar[i], row[i], where);
                        else assertEquals(scalar[i], row[i], 2e-6 * Math.abs(scalar[i]) + 1e-7, where + " i=" + i);
                    }
                }
                assertEquals(0f, together[0], "before the first row");
                assertEquals(0f, together[rows * n + 1], "after the last row");
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] withAt(float[] a, int i, float v) {
        a[i] = v;
        return a;
    }
}
