package dev.dendrite.device;

/**
 * Geometry of a batched matrix product {@code C[b] = op(A[b]) x op(B[b])} with
 * {@code op(A)} of shape [m, k] and {@code op(B)} of shape [k, n].
 *
 * <p>A is stored row-major as [m, k], or as [k, m] when {@code transA} (so a transposed view needs
 * no copy); likewise B as [k, n] or [n, k] when {@code transB}. Matrix {@code b} of A starts at
 * {@code aOffset + b * aBatchStride}; a batch stride of 0 broadcasts one matrix over the batch.
 * C is written contiguous, [batch, m, n].
 */
public record MatmulShape(int batch, int m, int n, int k,
                          boolean transA, boolean transB,
                          int aBatchStride, int bBatchStride) {
    public MatmulShape {
        if (batch < 0 || m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("matmul: negative size in batch=" + batch + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    /** A single, non-transposed product. */
    public static MatmulShape of(int m, int n, int k) {
        return new MatmulShape(1, m, n, k, false, false, m * k, k * n);
    }

    /** Leading dimension (row stride) of A and B as stored. */
    public int lda() { return transA ? m : k; }
    public int ldb() { return transB ? k : n; }

    public double flops() { return 2.0 * batch * m * n * k; }
}
