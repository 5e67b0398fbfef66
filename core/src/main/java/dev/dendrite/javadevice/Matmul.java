package dev.dendrite.javadevice;

import dev.dendrite.device.MatmulShape;

/**
 * Batched matrix product {@code C[b] = op(A[b]) x op(B[b])} (see {@link MatmulShape}): chooses how
 * to spread the work over threads and hands each piece to the blocked {@link Gemm}.
 *
 * <p>Threads get whole matrices when the batch has at least one per thread and the batch has at
 * least {@link #PARALLEL_MACS} multiply-adds; otherwise the threads share each product from 32 M
 * multiply-adds ({@link Gemm#multiply}, {@code DENDRITE_GEMM_SHARE_MACS}), and smaller ones stay
 * on the calling thread.
 */
final class Matmul {
    private Matmul() {}

    /**
     * Below this many multiply-adds (about 20 microseconds of work) a batch of products stays on one
     * thread: handing work to another thread and waiting for it costs a few microseconds.
     */
    static final long PARALLEL_MACS = 1L << 21;

    static void multiply(Gemm gemm, Parallel parallel, MatmulShape s, float[] a, int aOffset, float[] b, int bOffset, float[] c) {
        int m = s.m(), n = s.n(), k = s.k();
        // Element (i, p) of op(A) is at aBase + i * aRow + p * aCol; likewise (p, j) of op(B).
        int aRow = s.transA() ? 1 : k, aCol = s.transA() ? m : 1;
        int bRow = s.transB() ? 1 : n, bCol = s.transB() ? k : 1;
        long macs = (long) s.batch() * m * n * Math.max(k, 1);
        if (s.batch() >= parallel.threads() && parallel.threads() > 1 && macs >= PARALLEL_MACS) {
            // One or more whole matrices per thread.
            parallel.forRange(s.batch(), 1, (from, to) -> {
                for (int t = from; t < to; t++) {
                    gemm.multiply(null, m, n, k, a, aOffset + t * s.aBatchStride(), aRow, aCol,
                            b, bOffset + t * s.bBatchStride(), bRow, bCol, c, t * m * n, n, false);
                }
            });
        } else {
            for (int t = 0; t < s.batch(); t++) {
                product(gemm, parallel, m, n, k, a, aOffset + t * s.aBatchStride(), aRow, aCol,
                        b, bOffset + t * s.bBatchStride(), bRow, bCol, c, t * m * n, n, false);
            }
        }
    }

    /** One product (arguments as in {@link Gemm#multiply}), on all threads when it is large enough. */
    static void product(Gemm gemm, Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                        float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        gemm.multiply(parallel, m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
    }
}
