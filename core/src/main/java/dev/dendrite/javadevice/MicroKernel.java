package dev.dendrite.javadevice;

/**
 * The innermost piece of the blocked matrix product: {@code C[mr x nr] += A[mr x kc] * B[kc x nr]}
 * for one register tile, reading A and B from the packed panels {@link Gemm} prepares:
 * A's panel holds column p of the tile at {@code a[aOff + p * mr .. + mr)}, B's panel holds row p
 * at {@code b[bOff + p * nr .. + nr)}. C is row-major with row stride {@code ldc}.
 *
 * <p>A kernel keeps the whole tile in registers across the kc loop, so each loaded value of A and B
 * feeds mr or nr multiply-adds: that ratio, not the clock, decides how fast a matmul runs.
 */
interface MicroKernel {
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
