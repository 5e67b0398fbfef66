package dev.dendrite.referencedevice;

import dev.dendrite.device.MatmulShape;

/** Batched matrix product, the textbook triple loop with a double accumulator. */
final class Matmul {
    private Matmul() {}

    /** c[t, i, j] = sum_p op(A[t])[i, p] * op(B[t])[p, j]; see {@link MatmulShape} for the layout. */
    static void multiply(MatmulShape s, float[] a, int aOffset, float[] b, int bOffset, float[] c) {
        for (int t = 0; t < s.batch(); t++) {
            int aBase = aOffset + t * s.aBatchStride(), bBase = bOffset + t * s.bBatchStride();
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    double sum = 0;
                    for (int p = 0; p < s.k(); p++) sum += (double) a[aBase + elementOfA(s, i, p)] * b[bBase + elementOfB(s, p, j)];
                    c[(t * s.m() + i) * s.n() + j] = (float) sum;
                }
            }
        }
    }

    /** Where op(A)[i, p] is stored in one matrix: A is [m, k] row-major, or [k, m] when transA. */
    private static int elementOfA(MatmulShape s, int i, int p) {
        return s.transA() ? p * s.m() + i : i * s.k() + p;
    }

    /** Where op(B)[p, j] is stored in one matrix: B is [k, n] row-major, or [n, k] when transB. */
    private static int elementOfB(MatmulShape s, int p, int j) {
        return s.transB() ? j * s.k() + p : p * s.n() + j;
    }
}
