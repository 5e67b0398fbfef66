package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;

import dev.dendrite.device.DType;
import dev.dendrite.device.MatmulShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched matmul: every transA/transB combination on odd M, N, K; offsets into A and B; batch
 * strides larger than a matrix (gaps) and 0 (one matrix broadcast over the batch); K = 0 (C is all
 * zeros), M = 0 and batch = 0; and a few sizes large enough to reach blocked, vectorised and
 * multi-threaded paths.
 */
final class MatmulCases {
    private MatmulCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        int[][] mnk = {{1, 1, 1}, {3, 17, 33}, {33, 129, 17}, {129, 3, 5}};
        int i = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int[] s : mnk) {
                    int aOffset = i % 2 == 0 ? 0 : 5;
                    int bOffset = i % 3 == 0 ? 0 : 2;
                    i++;
                    cases.add(matmulCase(1, s[0], s[1], s[2], transA, transB, s[0] * s[2], s[2] * s[1], aOffset, bOffset));
                }
            }
        }
        // Batches: gaps between matrices, and stride 0 (one matrix for the whole batch).
        cases.add(matmulCase(3, 17, 33, 3, false, false, 0, 33 * 3 + 7, 0, 4));
        cases.add(matmulCase(2, 33, 17, 129, false, true, 33 * 129 + 1, 0, 3, 0));
        cases.add(matmulCase(4, 5, 3, 17, true, false, 5 * 17 + 2, 17 * 3 + 3, 1, 6));
        cases.add(matmulCase(3, 3, 5, 7, true, true, 0, 0, 2, 1));
        // Empty: K = 0 must still write zeros; M = 0 and batch = 0 write nothing.
        cases.add(matmulCase(2, 3, 17, 0, false, false, 0, 0, 0, 0));
        cases.add(matmulCase(1, 0, 17, 5, false, false, 0, 5 * 17, 0, 0));
        cases.add(matmulCase(0, 3, 4, 5, false, false, 15, 20, 0, 0));
        // Larger than a kernel tile, odd everywhere.
        cases.add(matmulCase(1, 129, 129, 129, false, false, 129 * 129, 129 * 129, 0, 0));
        cases.add(matmulCase(1, 257, 130, 300, false, true, 257 * 300, 300 * 130, 1, 3));
        cases.add(matmulCase(2, 65, 97, 200, true, false, 65 * 200, 200 * 97, 0, 0));
        return cases;
    }

    private static ConformanceCase matmulCase(int batch, int m, int n, int k, boolean transA, boolean transB,
                                              int aBatchStride, int bBatchStride, int aOffset, int bOffset) {
        MatmulShape shape = new MatmulShape(batch, m, n, k, transA, transB, aBatchStride, bBatchStride);
        String name = "matmul " + (transA ? "T" : "N") + (transB ? "T" : "N") + " batch " + batch
                + " [m " + m + ", n " + n + ", k " + k + "]"
                + (aOffset + bOffset > 0 ? " offsets a " + aOffset + " b " + bOffset : "")
                + (batch > 1 ? " batch strides a " + aBatchStride + " b " + bBatchStride : "");
        OpCase c = new OpCase(name);
        int aLength = aOffset + (batch > 0 ? (batch - 1) * aBatchStride + m * k : 0);
        int bLength = bOffset + (batch > 0 ? (batch - 1) * bBatchStride + k * n : 0);
        return c.input("a", c.sample(Domain.UNIT, aLength))
                .input("b", c.sample(Domain.UNIT, bLength))
                .output("c", DType.F32, new int[] {batch, m, n}, ACCUMULATION, Tolerances.sumScale(k, 1))
                .run((d, bufs) -> d.matmul(shape, bufs.get("a"), aOffset, bufs.get("b"), bOffset, bufs.get("c")));
    }
}
