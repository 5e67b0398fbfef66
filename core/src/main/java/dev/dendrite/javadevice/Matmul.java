package dev.dendrite.javadevice;

import dev.dendrite.device.MatmulShape;

/**
 * Batched matrix product {@code C[b] = op(A[b]) x op(B[b])} (see {@link MatmulShape}).
 * This is the plain reference form: for each row i of C, accumulate {@code A[i, p] * B[p, :]} over p,
 * which walks B and C row by row (cache-friendly for the non-transposed case).
 */
final class Matmul {
    private Matmul() {}

    static void reference(MatmulShape s, float[] a, int aOffset, float[] b, int bOffset, float[] c, int fromBatch, int toBatch) {
        int m = s.m(), n = s.n(), k = s.k();
        // Element (i, p) of op(A) is at aBase + i * aRow + p * aCol; likewise for B with (p, j).
        int aRow = s.transA() ? 1 : k, aCol = s.transA() ? m : 1;
        int bRow = s.transB() ? 1 : n, bCol = s.transB() ? k : 1;
        for (int batch = fromBatch; batch < toBatch; batch++) {
            int aBase = aOffset + batch * s.aBatchStride();
            int bBase = bOffset + batch * s.bBatchStride();
            int cBase = batch * m * n;
            java.util.Arrays.fill(c, cBase, cBase + m * n, 0f);
            for (int i = 0; i < m; i++) {
                int cRow = cBase + i * n;
                for (int p = 0; p < k; p++) {
                    float aip = a[aBase + i * aRow + p * aCol];
                    int bp = bBase + p * bRow;
                    for (int j = 0; j < n; j++) c[cRow + j] += aip * b[bp + j * bCol];
                }
            }
        }
    }
}
