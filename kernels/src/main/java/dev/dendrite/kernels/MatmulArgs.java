package dev.dendrite.kernels;

import dev.dendrite.device.MatmulShape;

/**
 * The integer arguments every matmul rung takes, in kernel order after the three buffers are
 * placed (see matmul.cl): transposes become strides, so one kernel serves all four combinations
 * of transA and transB.
 *
 * <pre>
 *   op(A)[r][k] = A[aOffset + b * aBatchStride + r * aRowStride + k * aColStride]
 *   op(B)[k][c] = B[bOffset + b * bBatchStride + k * bRowStride + c * bColStride]
 * </pre>
 */
public record MatmulArgs(int m, int n, int k, int batch,
                         int aOffset, int aBatchStride, int aRowStride, int aColStride,
                         int bOffset, int bBatchStride, int bRowStride, int bColStride,
                         int cOffset) {

    public static MatmulArgs of(MatmulShape s, int aOffset, int bOffset, int cOffset) {
        // A is stored [m, k] (row stride k), or [k, m] when transposed (op(A)[r][k] = A[k * m + r]).
        int aRow = s.transA() ? 1 : s.k();
        int aCol = s.transA() ? s.m() : 1;
        // B is stored [k, n], or [n, k] when transposed.
        int bRow = s.transB() ? 1 : s.n();
        int bCol = s.transB() ? s.k() : 1;
        return new MatmulArgs(s.m(), s.n(), s.k(), s.batch(),
                aOffset, s.aBatchStride(), aRow, aCol,
                bOffset, s.bBatchStride(), bRow, bCol, cOffset);
    }
}
