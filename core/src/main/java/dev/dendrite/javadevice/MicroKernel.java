package dev.dendrite.javadevice;

/**
 * The innermost piece of the blocked matrix product: {@code C[mr x nr] = OLD + A[mr x kc] * B[kc x nr]}
 * for one register tile (OLD: C itself, or zeros; see {@link #run}), reading A and B from the packed
 * panels {@link Gemm} prepares:
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
     * {@code C[mr x nr] = OLD + A x B}, where row r of OLD is {@code old[oldOff + r * oldLd ..]}: C
     * itself to add to C, or a row of zeros at stride 0 to overwrite C without reading it (the first
     * depth block of a product: no pass zeroes C beforehand). The caller makes that choice, so the
     * kernel has no branch of its own: a branch that one caller had never taken when the JIT compiled
     * the kernel sent it back to the interpreter (an "unstable if") the first time another took it.
     */
    void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd);

    /** One line for the start-up log, e.g. "Vector API micro-kernel 6x32, 512-bit". */
    String description();
}
