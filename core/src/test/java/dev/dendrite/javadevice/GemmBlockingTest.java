package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The blocked product with tiny block sizes, so that a few small matrices cross every boundary the
 * production sizes (KC 384, NC 2048) only cross at thousands: k not a multiple of the depth block,
 * several column blocks with a ragged last one, edge tiles, n = 1, transposes, accumulation, and the
 * two-thread pipeline (packed-B buffers taking turns, an item waiting for the same item of the
 * previous depth step), each against a double-precision triple loop.
 */
class GemmBlockingTest {
    private static final Parallel TWO = new Parallel(2), THREE = new Parallel(3);

    @AfterAll
    static void stop() {
        TWO.shutdown();
        THREE.shutdown();
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }

    /** Runs gemm on an m x n x k product with the given layouts and compares every element of C. */
    private static void check(Gemm gemm, Parallel parallel, int m, int n, int k, boolean transA, boolean transB, boolean accumulate, Random r) {
        float[] a = random(r, m * k + 3), b = random(r, k * n + 5);
        int aOff = 3, bOff = 5, ldc = n + 2, cOff = 1;
        int aRow = transA ? 1 : k, aCol = transA ? m : 1, bRow = transB ? 1 : n, bCol = transB ? k : 1;
        // The product must not read past its operands: shift them to the end of their arrays.
        float[] c = random(r, cOff + m * ldc);
        if (!accumulate) {
            // A product that replaces C must never read it (the first depth block overwrites): NaN would show.
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
        }
        float[] before = c.clone();
        gemm.multiply(parallel, m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? before[cOff + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) sum += (double) a[aOff + i * aRow + p * aCol] * b[bOff + p * bRow + j * bCol];
                float got = c[cOff + i * ldc + j];
                if (Math.abs(sum - got) > 1e-5 * Math.sqrt(k + 1) + 1e-5) {
                    fail(gemm.kernel().description() + " " + m + "x" + n + "x" + k + " transA " + transA + " transB " + transB
                            + " accumulate " + accumulate + " at (" + i + ", " + j + "): " + got + " instead of " + sum);
                }
            }
            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                assertEquals(before[cOff + i * ldc + j], c[cOff + i * ldc + j], "padding of C's row " + i + " is left alone");
            }
        }
    }

    private static void everyCase(MicroKernel kernel) {
        // kc 7 (k = 1, 7, 15, 40: below, at, past and well past a depth block), nc of a few slivers.
        Gemm gemm = new Gemm(kernel, 7, 2 * kernel.mr(), 3 * kernel.nr());
        Random r = new Random(31);
        int[] ms = {1, kernel.mr() - 1, 2 * kernel.mr() + 3, 61};
        int[] ns = {1, kernel.nr() + 1, 3 * kernel.nr(), 3 * kernel.nr() + 5, 7 * kernel.nr() + 3};
        for (Parallel parallel : new Parallel[] {null, TWO, THREE}) {
            for (int m : ms) {
                for (int n : ns) {
                    for (int k : new int[] {1, 7, 15, 40}) {
                        for (int t = 0; t < 4; t++) check(gemm, parallel, m, n, k, (t & 1) != 0, (t & 2) != 0, false, r);
                        check(gemm, parallel, m, n, k, false, false, true, r);
                    }
                }
            }
        }
    }

    @Test
    void vectorKernelAcrossEveryBlockBoundary() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        everyCase(MicroKernels.vector());
    }

    @Test
    void secondVectorKernelAcrossEveryBlockBoundary() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        MicroKernel twelve = MicroKernels.vectorAlternate();
        assumeTrue(twelve != null, "vectors too short for the 12-row kernel");
        everyCase(twelve);
    }

    @Test
    void eachProductTakesTheKernelThatPadsLess() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        MicroKernel primary = MicroKernels.vector(), twelve = MicroKernels.vectorAlternate();
        assumeTrue(twelve != null && primary.nr() == 48, "the AVX-512 pair of kernels");
        Gemm pair = new Gemm(primary, twelve), eight = new Gemm(primary), other = new Gemm(twelve);
        // a GPT's [2048 x 128] product: 8 x 48 pads 128 columns to 144, 12 x 32 pads 2048 rows to 2052
        assertTrue(other.padded(2048, 128) < eight.padded(2048, 128));
        // a CNN batch of 64 rows: 12 x 32 pads them to 72, 8 x 48 not at all
        assertTrue(eight.padded(64, 1600) < other.padded(64, 1600));
        assertEquals(eight.padded(2048, 384), 2048L * 384, "a tie keeps the first kernel");
        Random r = new Random(33);
        for (int[] mn : new int[][] {{61, 64}, {64, 61}, {40, 96}, {36, 128}}) {
            check(pair, TWO, mn[0], mn[1], 37, false, true, false, r);
            check(pair, null, mn[0], mn[1], 300, true, false, true, r);
        }
    }

    @Test
    void scalarKernelAcrossEveryBlockBoundary() {
        everyCase(MicroKernels.scalar());
    }

    @Test
    void largeEnoughToShareBetweenThreads() {
        // Over Matmul.PARALLEL_MACS, so the two-thread pipeline runs: 3 column blocks x 6 depth steps.
        MicroKernel kernel = JavaDevice.vectorApiAvailable() ? MicroKernels.vector() : MicroKernels.scalar();
        Gemm gemm = new Gemm(kernel, 50, 4 * kernel.mr(), 4 * kernel.nr());
        Random r = new Random(32);
        check(gemm, TWO, 150, 10 * kernel.nr() + 7, 290, false, false, false, r);
        check(gemm, TWO, 150, 10 * kernel.nr() + 7, 290, true, true, true, r);
        check(gemm, THREE, 97, 9 * kernel.nr(), 301, false, true, false, r);
    }

    @Test
    void blockSizesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Gemm(MicroKernels.scalar(), 0, 8, 8));
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> new Gemm(MicroKernels.scalar(), MicroKernel.A_ROW + 1, 8, 8));
        assertTrue(deep.getMessage().contains("kc=" + (MicroKernel.A_ROW + 1)), deep.getMessage());
    }
}
