package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API row loops give bit for bit what the scalar ones give (the exponentials: every lane, every
 * tail), except the dot product: within rounding, in another order.
 */
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

    /**
     * MAX and MIN of a row on the floats' bits give the scalar loop's bits: rows of one sign and of
     * both, with infinities, zeros of either sign (where the first stays), NaNs of either sign
     * anywhere in the row (in the tail too), at every length around one and two vectors, and long.
     * Rows of random finite values are checked against their maximum found plainly too.
     */
    @Test
    void vectorRowExtremaMatchTheScalarLoopBitForBit() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float negativeNaN = Float.intBitsToFloat(0xFFC00001), otherNaN = Float.intBitsToFloat(0x7F800123);
        float[][] pools = {
            {-0f, 0f},
            {1f, 2.5f, Float.MIN_VALUE, 3e38f, 0f},
            {-1f, -2.5f, -Float.MIN_VALUE, -3e38f, -0f},
            {-1f, 7f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, 1e-40f},
            {-3f, 4f, Float.NaN, negativeNaN, otherNaN, 0f},
        };
        Random random = new Random(9);
        float[] row = new float[1100];
        int checked = 0;
        for (float[] pool : pools) {
            for (int n : new int[] {1, 15, 31, 32, 33, 47, 48, 64, 65, 100, 1024, 1099}) {
                for (int trial = 0; trial < 20; trial++) {
                    for (int i = 0; i < row.length; i++) row[i] = pool[random.nextInt(pool.length)];
                    if (trial % 4 == 0) for (int i = 0; i < row.length; i++) row[i] = pool[random.nextInt(2)];   // often one value
                    for (boolean max : new boolean[] {true, false}) {
                        float expected = RowKernels.SCALAR.extremum(row, 1, 1, n, max);
                        float actual = vector.extremum(row, 1, 1, n, max);
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                                (max ? "max" : "min") + " of " + n + " floats from " + java.util.Arrays.toString(pool)
                                        + ": scalar " + expected + ", vector " + actual);
                        checked++;
                    }
                }
            }
        }
        for (int n : new int[] {40, 333, 1024}) {
            for (int i = 0; i < n; i++) row[i] = (float) random.nextGaussian() * 100;
            float largest = Float.NEGATIVE_INFINITY, smallest = Float.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                largest = Math.max(largest, row[i]);
                smallest = Math.min(smallest, row[i]);
            }
            assertEquals(largest, vector.extremum(row, 0, 1, n, true));
            assertEquals(smallest, vector.extremum(row, 0, 1, n, false));
        }
        assertTrue(checked > 2000, "checked " + checked);
    }

    /** where by vectors picks what the scalar loop picks: zeros of both signs take b, NaN and the rest take a. */
    @Test
    void vectorWherePicksAsTheScalarLoop() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float[] conds = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE};
        Random random = new Random(13);
        float[] c = new float[140], a = new float[140], b = new float[140];
        for (int i = 0; i < c.length; i++) {
            c[i] = conds[random.nextInt(conds.length)];
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        for (int n : new int[] {0, 5, 16, 31, 100, 130}) {
            float[] expected = new float[140], actual = new float[140];
            RowKernels.SCALAR.where(c, 3, a, 1, b, 7, expected, 2, n);
            vector.where(c, 3, a, 1, b, 7, actual, 2, n);
            assertArrayEquals(expected, actual, "n = " + n);
        }
    }

    /** The first index of a value, by vectors, is the scalar loop's: at every position, tails included. */
    @Test
    void vectorIndexOfFindsTheFirstEqualFloat() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float[] row = new float[130];
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 100, 119}) {
            for (int at = 0; at <= n; at++) {
                java.util.Arrays.fill(row, 1f);
                if (at < n) row[2 + at] = 5f;
                if (at + 3 < n) row[2 + at + 3] = 5f;   // a later copy must not win
                assertEquals(RowKernels.SCALAR.indexOf(row, 2, n, 5f), vector.indexOf(row, 2, n, 5f), "5 at " + at + " of " + n);
                assertEquals(Math.min(at, n), vector.indexOf(row, 2, n, 5f), "5 at " + at + " of " + n);
            }
        }
        java.util.Arrays.fill(row, 2f);
        row[40] = -0f;
        row[70] = Float.NaN;
        assertEquals(38, vector.indexOf(row, 2, 100, 0f), "+0 finds -0");
        assertEquals(100, vector.indexOf(row, 2, 100, Float.NaN), "NaN equals nothing");
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
            assertEquals(exact, vector.dot(a, 3, b, 7, n, vector.newLaneSums()), bound, "vector n=" + n);
            assertEquals(exact, RowKernels.SCALAR.dot(a, 3, b, 7, n, RowKernels.SCALAR.newLaneSums()), 1e-7 * magnitude * (n + 1) + 1e-30, "scalar n=" + n);
        }
    }

    /**
     * The vector dot product gives exactly the bits of its own definition (two lane-wise FMA chains,
     * added, then the lanes summed in lane order, then the tail), the same bits before and after
     * the JIT compiles it: with reduceLanes(ADD) the lane order was the compiler's choice.
     */
    @Test
    void vectorDotSumsItsLanesInLaneOrder() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        int l = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        Random random = new Random(7);
        float[] a = new float[700], b = new float[700];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * (1 + i % 7);
            b[i] = (float) random.nextGaussian() / (1 + i % 5);
        }
        for (int round = 0; round < 3000; round++) {   // enough calls for C2 to compile dot
            for (int n : new int[] {3 * l + 5, 676}) {
                float[] s0 = new float[l], s1 = new float[l];
                int i = 0;
                for (; i + 2 * l <= n; i += 2 * l) {
                    for (int j = 0; j < l; j++) {
                        s0[j] = Math.fma(a[i + j], b[i + j], s0[j]);
                        s1[j] = Math.fma(a[i + l + j], b[i + l + j], s1[j]);
                    }
                }
                if (i + l <= n) {
                    for (int j = 0; j < l; j++) s0[j] = Math.fma(a[i + j], b[i + j], s0[j]);
                    i += l;
                }
                float want = 0f;
                for (int j = 0; j < l; j++) want += s0[j] + s1[j];
                for (; i < n; i++) want += a[i] * b[i];
                float got = vector.dot(a, 0, b, 0, n, vector.newLaneSums());
                if (Float.floatToIntBits(got) != Float.floatToIntBits(want)) {
                    fail("dot n=" + n + " call " + round + ": " + got + " instead of " + want);
                }
            }
        }
    }

    @Test
    void vectorRowSumsAreDoubleSums() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(9);
        double[] laneSums = new double[vector.doubleLanes()];
        for (int n = 0; n <= 700; n += n < 70 ? 1 : 97) {
            float[] src = new float[n + 7];
            for (int i = 0; i < src.length; i++) src[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
            double exact = 0, magnitude = 0;
            for (int i = 5; i < 5 + n; i++) {
                exact += src[i];
                magnitude += Math.abs(src[i]);
            }
            // double sums in another order: off by a few double ulps of the magnitude, not a float's
            assertEquals(exact, vector.sum(src, 5, n, laneSums), 1e-14 * magnitude, "vector n=" + n);
            assertEquals(exact, RowKernels.SCALAR.sum(src, 5, n, null), 1e-14 * magnitude, "scalar n=" + n);
        }
    }

    /**
     * Rows shorter than one vector skip the vector code: the sum, the dot product and the shifted
     * exponentials start from +0 (what the lanes of zero accumulators add up to) and add in order,
     * the same bits as the vector loops' tails, -0 included.
     */
    @Test
    void rowsShorterThanAVectorAddFromPositiveZeroInOrder() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        int lanes = vector.lanes();
        Random random = new Random(12);
        for (int n = 0; n < lanes; n++) {
            float[] a = new float[n + 5], b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
                b[i] = (float) random.nextGaussian();
            }
            if (n > 0) a[2] = -0f;   // a row of one -0 sums to +0
            double wantSum = 0;
            float wantDot = 0f;
            for (int i = 2; i < 2 + n; i++) {
                wantSum += a[i];
                wantDot += a[i] * b[i + 1];
            }
            assertEquals(Double.doubleToLongBits(wantSum), Double.doubleToLongBits(vector.sum(a, 2, n, new double[vector.doubleLanes()])),
                    "sum n=" + n);
            assertEquals(Float.floatToIntBits(wantDot), Float.floatToIntBits(vector.dot(a, 2, b, 3, n, vector.newLaneSums())),
                    "dot n=" + n);
            float[] want = a.clone(), got = a.clone();
            float wantTotal = 0f, shift = 2.5f;
            for (int i = 2; i < 2 + n; i++) wantTotal += want[i] = Transcendentals.exp(want[i] - shift);
            assertEquals(Float.floatToIntBits(wantTotal), Float.floatToIntBits(vector.expShifted(got, 2, n, shift, vector.newLaneSums())),
                    "expShifted n=" + n);
            assertArrayEquals(want, got, "expShifted n=" + n + " writes the exponentials in place and nothing else");
        }
    }

    @Test
    void vectorColumnSumRowsMatchTheScalarLoopBitForBit() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(8);
        for (int n = 0; n <= 70; n++) {
            double[] expected = new double[n + 1], actual = new double[n + 1];
            for (int row = 0; row < 5; row++) {
                float[] src = new float[n + 9];
                for (int i = 0; i < src.length; i++) src[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
                RowKernels.SCALAR.addToSums(expected, src, 3 + row, n);
                vector.addToSums(actual, src, 3 + row, n);
            }
            assertArrayEquals(expected, actual, "n=" + n);
            assertEquals(0.0, actual[n], "past the row");
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
    void vectorAddRowsAddsEachRowOnceAndLeavesTheGapsAlone() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(7);
        float[] x = new float[700];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        // shorter than a vector, one vector, ragged (the last vector overlaps the one before), whole vectors;
        // y's rows closer together than x's and the other way round
        for (int n : new int[] {1, 15, 16, 17, 31, 33, 48, 141}) {
            for (int[] strides : new int[][] {{n + 3, 150}, {170, n + 1}}) {
                int ys = strides[0], xs = strides[1], rows = 3;
                float[] before = new float[600];
                for (int i = 0; i < before.length; i++) before[i] = (float) random.nextGaussian();
                float[] scalar = before.clone(), actual = before.clone();
                RowKernels.SCALAR.addRows(scalar, 5, ys, x, 9, xs, rows, n);
                vector.addRows(actual, 5, ys, x, 9, xs, rows, n);
                for (int i = 0; i < before.length; i++) {
                    int r = (i - 5) / ys, j = (i - 5) % ys;
                    boolean inRow = i >= 5 && r < rows && j < n;
                    float want = inRow ? before[i] + x[9 + r * xs + j] : before[i];
                    String at = "n=" + n + " ys=" + ys + " xs=" + xs + " at " + i;
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(scalar[i]), "scalar, " + at);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(actual[i]), "vector, " + at);
                }
            }
        }
    }

    @Test
    void vectorCopyRowsCopiesEachRowAndWritesNothingElse() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        Random random = new Random(8);
        float[] x = new float[400];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (RowKernels kernels : new RowKernels[] {RowKernels.SCALAR, MicroKernels.vectorRows()}) {
            // rows shorter than half a vector (arraycopy), shorter than a vector (one vector running on into
            // the next row), ragged and whole vectors; x's rows packed, apart, and the last row at x's end
            for (int n : new int[] {1, 7, 8, 11, 15, 16, 17, 26, 33}) {
                for (int xs : new int[] {n, n + 2, 40}) {
                    for (int rows = 0; rows <= 4; rows++) {
                        int xo = rows == 0 ? 0 : x.length - ((rows - 1) * xs + n);   // the last row ends where x ends
                        float[] y = new float[300];
                        java.util.Arrays.fill(y, -7f);
                        kernels.copyRows(x, xo, xs, y, 9, rows, n);
                        for (int i = 0; i < y.length; i++) {
                            int r = (i - 9) / n, j = (i - 9) % n;
                            float want = i >= 9 && r < rows ? x[xo + r * xs + j] : -7f;
                            assertEquals(want, y[i], kernels.getClass().getSimpleName() + " n=" + n + " xs=" + xs + " rows=" + rows + " at " + i);
                        }
                    }
                }
            }
        }
    }

    /** Every 4099th float bit pattern, special values, and Gaussians of several widths. */
    private static float[] transcendentalInputs() {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                            -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-30f, -1e-30f, 0.625f, -0.625f,
                            Math.nextDown(0.625f), 30f, -30f, 88.72283f, 89.5f, -87.5f, -103.9f, -104.5f, 300f, -300f,
                            -10.1f, -10.3f, 1e13f, -1e13f, 1e20f, -1e20f, Float.MAX_VALUE, -Float.MAX_VALUE};
        int patterns = (int) ((1L << 32) / 4099), size = specials.length + patterns + 3000;
        float[] x = new float[size];
        System.arraycopy(specials, 0, x, 0, specials.length);
        for (int i = 0; i < patterns; i++) x[specials.length + i] = Float.intBitsToFloat((int) (i * 4099L));
        Random random = new Random(6);
        for (int i = specials.length + patterns; i < size; i++) x[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 10 : 1.5));
        return x;
    }

    private static final UnaryOp[] TRANSCENDENTAL = {UnaryOp.EXP, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.GELU_TANH};

    @Test
    void vectorTranscendentalsMatchTheScalarFunctionsBitForBit() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float[] x = transcendentalInputs(), g = new float[x.length];
        Random random = new Random(8);
        for (int i = 0; i < g.length; i++) g[i] = i % 5 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextGaussian();
        int n = x.length - 5;
        for (UnaryOp op : TRANSCENDENTAL) {
            // unequal offsets, and a length no whole number of vectors: the tail takes the scalar functions
            float[] expected = new float[n + 1], actual = new float[n + 1];
            for (int i = 0; i < n; i++) expected[i + 1] = scalar(op, x[i + 2]);
            assertTrue(vector.transcendental(op, x, 2, actual, 1, n), op + " not covered");
            assertBits(x, 2, expected, actual, 1, op.toString());
        }
        float[] expected = new float[n + 1], actual = new float[n + 1];
        for (int i = 0; i < n; i++) expected[i + 1] = Transcendentals.geluTanhBackward(x[i + 2], g[i + 3]);
        vector.geluTanhBackward(x, 2, g, 3, actual, 1, n);
        assertBits(x, 2, expected, actual, 1, "GELU_TANH_BACKWARD");
        assertFalse(vector.transcendental(UnaryOp.LOG, x, 0, actual, 0, 40), "LOG is not one of them");
    }

    @Test
    void everyRowLengthAndOffsetGivesTheSameBits() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        Random random = new Random(9);
        float[] x = new float[80], g = new float[80];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 4);
            g[i] = (float) random.nextGaussian();
        }
        for (int n = 0; n <= 70; n++) {
            for (int offset : new int[] {0, 1, 7}) {
                for (UnaryOp op : TRANSCENDENTAL) {
                    float[] expected = new float[80], actual = new float[80];
                    // the device's scalar path: the strided loop at stride 1
                    Elementwise.unaryRow(RowKernels.SCALAR, op, 0f, x, offset, 1, expected, 3, n);
                    Elementwise.unaryRow(vector, op, 0f, x, offset, 1, actual, 3, n);
                    assertBits(x, offset, expected, actual, 3, op + " n=" + n + " offset=" + offset);
                }
                float[] expected = new float[80], actual = new float[80];
                Elementwise.binaryRow(RowKernels.SCALAR, BinaryOp.GELU_TANH_BACKWARD, x, offset, 1, g, 2, 1, expected, 3, n);
                Elementwise.binaryRow(vector, BinaryOp.GELU_TANH_BACKWARD, x, offset, 1, g, 2, 1, actual, 3, n);
                assertBits(x, offset, expected, actual, 3, "GELU_TANH_BACKWARD n=" + n + " offset=" + offset);
            }
        }
    }

    static float scalar(UnaryOp op, float x) {
        return switch (op) {
            case EXP -> Transcendentals.exp(x);
            case SIGMOID -> Transcendentals.sigmoid(x);
            case TANH -> Transcendentals.tanh(x);
            case GELU_TANH -> Transcendentals.geluTanh(x);
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    /** Same bits (any NaN matches any NaN) in actual[yo ..] as in expected[yo ..]; x[xo + i] for the message. */
    private static void assertBits(float[] x, int xo, float[] expected, float[] actual, int yo, String what) {
        for (int i = yo; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                int k = i - yo + xo;
                fail(what + ": element " + (i - yo) + (k < x.length ? " (x = " + x[k] + ")" : "") + ": scalar "
                        + expected[i] + ", vector " + actual[i]);
            }
        }
    }

    /**
     * Blocks of dot products over several images: each entry within rounding of the exact sum, for
     * both row kernels, on block shapes with rows left over (A 4k+2 rows, B 3k+2 rows), row lengths
     * with and without a tail, strides between rows and images wider than a row, and C's existing
     * values kept (added to).
     */
    @Test
    void dotsOverImagesMatchTheExactSums() {
        RowKernels vector = JavaDevice.vectorApiAvailable() ? MicroKernels.vectorRows() : RowKernels.SCALAR;
        Random random = new Random(11);
        for (int[] shape : new int[][] {{32, 9, 676, 3}, {6, 5, 33, 2}, {4, 3, 16, 1}, {1, 2, 7, 4}, {8, 1, 100, 2}}) {
            int rowsA = shape[0], rowsB = shape[1], n = shape[2], images = shape[3];
            int aRow = n + 3, aImage = rowsA * aRow + 5, bRow = images * n + 1, bImage = n, ldc = rowsB + 2, cOff = 1;
            float[] a = new float[images * aImage + 8], b = new float[rowsB * bRow + 8], start = new float[cOff + rowsA * ldc];
            for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() * 2 - 1;
            for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() * 2 - 1;
            for (int i = 0; i < start.length; i++) start[i] = random.nextFloat();
            for (RowKernels rows : new RowKernels[] {RowKernels.SCALAR, vector}) {
                float[] c = start.clone();
                rows.dots(a, 2, aRow, aImage, rowsA, b, 3, bRow, bImage, rowsB, n, images, c, cOff, ldc, rows.newLaneSums());
                for (int i = 0; i < rowsA; i++) {
                    for (int j = 0; j < rowsB; j++) {
                        double exact = start[cOff + i * ldc + j], magnitude = Math.abs(exact);
                        for (int q = 0; q < images; q++) {
                            for (int t = 0; t < n; t++) {
                                double term = (double) a[2 + q * aImage + i * aRow + t] * b[3 + q * bImage + j * bRow + t];
                                exact += term;
                                magnitude += Math.abs(term);
                            }
                        }
                        assertEquals(exact, c[cOff + i * ldc + j], 1e-6 * magnitude * Math.log(n * images + 2) + 1e-30,
                                rows.getClass().getSimpleName() + " " + rowsA + "x" + rowsB + " n=" + n + " images=" + images + " at " + i + "," + j);
                    }
                }
                for (int j = rowsB; j < ldc; j++) assertEquals(start[cOff + j], c[cOff + j], "column " + j + " is past C's rows");
                assertEquals(start[0], c[0], "before C");
            }
        }
    }
}
