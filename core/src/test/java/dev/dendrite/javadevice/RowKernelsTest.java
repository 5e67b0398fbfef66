package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API row loops give bit for bit what the scalar ones give (the dot product: within rounding, in another order). */
class RowKernelsTest {

    @Test
    void vectorReluGateMatchesScalarOnSpecialValues() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float[] specials = {-0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
                            Float.NEGATIVE_INFINITY, 1f, -1f, Float.MAX_VALUE};
        Random random = new Random(4);
        float[] a = new float[101], g = new float[101];
        for (int i = 0; i < a.length; i++) {
            a[i] = specials[random.nextInt(specials.length)];
            g[i] = specials[random.nextInt(specials.length)];
        }
        for (int from : new int[] {0, 3}) {
            float[] expected = new float[101], actual = new float[101];
            RowKernels.SCALAR.reluGate(a, g, expected, from, 101);
            vector.reluGate(a, g, actual, from, 101);
            for (int i = 0; i < 101; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        "a = " + a[i] + ", g = " + g[i]);
            }
        }
    }

    @Test
    void vectorDotMatchesADoubleSumWithinRounding() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(6);
        float[] a = new float[800], b = new float[800];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        // lengths around one and two vectors (the tails and the single-vector step) and a long row, at odd offsets
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 47, 676, 790}) {
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[3 + i] * b[7 + i];
                magnitude += Math.abs((double) a[3 + i] * b[7 + i]);
            }
            double bound = 1e-6 * magnitude * Math.max(1, Math.log(n + 1)) + 1e-30;
            assertEquals(exact, vector.dot(a, 3, b, 7, n), bound, "vector n=" + n);
            assertEquals(exact, RowKernels.SCALAR.dot(a, 3, b, 7, n), 1e-7 * magnitude * (n + 1) + 1e-30, "scalar n=" + n);
        }
    }

    @Test
    void vectorArithmeticMatchesTheScalarLoopsBitForBit() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(5);
        float[] a = new float[200], b = new float[200];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 100;
            b[i] = i % 17 == 0 ? 0f : (float) random.nextGaussian();
        }
        for (dev.dendrite.device.BinaryOp op : new dev.dendrite.device.BinaryOp[] {
                dev.dendrite.device.BinaryOp.ADD, dev.dendrite.device.BinaryOp.SUB,
                dev.dendrite.device.BinaryOp.MUL, dev.dendrite.device.BinaryOp.DIV}) {
            for (int bs : new int[] {0, 1}) {
                for (int n : new int[] {16, 37, 129}) {
                    float[] expected = new float[200], actual = new float[200];
                    // unequal offsets: the scalar row loop, not the contiguous fast path
                    Elementwise.binaryRow(RowKernels.SCALAR, op, a, 3, 1, b, 11, bs, expected, 5, n);
                    assertTrue(vector.arithmetic(op, a, 3, b, 11, bs, actual, 5, n), op + " not covered");
                    assertArrayEquals(expected, actual, op + " bs=" + bs + " n=" + n);
                }
            }
        }
    }

    @Test
    void vectorGeluTanhMatchesTheScalarTwinBitForBit() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(6);
        float[] x = new float[1003], g = new float[1003];
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f, 30f, -30f,
                            300f, -300f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < x.length; i++) {
            x[i] = i < specials.length ? specials[i] : (float) (random.nextGaussian() * (i % 3 == 0 ? 10 : 1.5));
            g[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[1003], actual = new float[1003];
        RowKernels.SCALAR.geluTanh(x, 2, expected, 1, 1000);
        vector.geluTanh(x, 2, actual, 1, 1000);
        assertArrayEquals(expected, actual, "forward");
        RowKernels.SCALAR.geluTanhBackward(x, 2, g, 3, expected, 1, 1000);
        vector.geluTanhBackward(x, 2, g, 3, actual, 1, 1000);
        assertArrayEquals(expected, actual, "backward");
    }

    @Test
    void geluTanhsExponentialIsWithinTwoUlpsOfMathExp() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double y = (random.nextDouble() * 2 - 1) * 708;
            double e = GeluTanh.exp(y), m = Math.exp(y);
            assertTrue(Math.abs(e - m) <= 2 * Math.ulp(m), "exp(" + y + ") = " + e + ", Math.exp: " + m);
        }
        assertEquals(Double.POSITIVE_INFINITY, GeluTanh.exp(710));
        assertEquals(0.0, GeluTanh.exp(-750));
        assertTrue(Double.isNaN(GeluTanh.exp(Double.NaN)));
        assertEquals(1.0, GeluTanh.exp(0));
    }
}
