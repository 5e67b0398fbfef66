package dev.dendrite.javadevice;

/**
 * The innermost piece of the blocked matrix product: {@code C[mr x nr] += A[mr x kc] * B[kc x nr]}
 * for one register tile, reading A and B from the packed panels {@link Gemm} prepares:
 * A's panel holds row r of the tile at {@code a[aOff + r * A_ROW .. + kc)}, B's panel holds row p
 * at {@code b[bOff + p * nr .. + nr)}. C is row-major with row stride {@code ldc}.
 *
 * <p>A's rows sit {@link #A_ROW} floats apart whatever the depth of the block, so the kernel's mr
 * loads of A are at constant offsets from one index (as they were when A was packed column by
 * column), while packing a row-major A is one contiguous copy per row rather than a scatter.
 *
 * <p>A kernel keeps the whole tile in registers across the kc loop, so each loaded value of A and B
 * feeds mr or nr multiply-adds: that ratio, not the clock, decides how fast a matmul runs.
 */
interface MicroKernel {
    /**
     * Distance between the rows of a packed A panel: the largest depth block, {@link Gemm#KC}. A
     * constant, so the JIT folds each row's offset into its load instruction.
     */
    int A_ROW = Gemm.KC;

    /** Rows of the register tile. */
    int mr();

    /** Columns of the register tile. */
    int nr();

    /**
     * {@code C[mr x nr] += A x B} with {@code accumulate}; without it {@code C = A x B}, C's old
     * contents never read (the first depth block of a product: no pass zeroes C beforehand).
     */
    void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /** One line for the start-up log, e.g. "Vector API micro-kernel 6x32, 512-bit". */
    String description();
}
