package dev.dendrite.javadevice;

/**
 * A cache-blocked matrix product in the style of GotoBLAS/BLIS: {@code C = op(A) x op(B)} for one
 * matrix, with a pluggable {@link MicroKernel} doing the arithmetic.
 *
 * <h2>The idea that makes it fast</h2>
 * A naive loop streams all of B through the caches once per row of A. Instead, the product is cut
 * into blocks that fit the cache levels, and each block is copied ("packed") once into the exact
 * order the micro-kernel reads it:
 * <pre>
 *   for jc in steps of NC:              columns of C and B
 *     for pc in steps of KC:            the shared dimension
 *       pack B[pc.., jc..] into slivers of NR columns      (KC x NC block: about 1 MiB, stays in L2)
 *       for ic in steps of MC:          rows of C and A
 *         pack A[ic.., pc..] into slivers of MR rows
 *         for each MR-sliver of A:                          (KC x MR: stays in L1)
 *           for each NR-sliver of B:                        (streams from L2)
 *             micro-kernel: C[MR x NR] += A-sliver x B-sliver   (in registers)
 * </pre>
 * The innermost loop walks along rows of C, so the MR rows of C it updates are read sequentially,
 * which the hardware prefetcher follows. Packing also absorbs the transposes (any element strides
 * are read once, while packing) and the edges (slivers are zero-padded to full MR/NR, so the kernel
 * always runs a full tile; a partial tile is computed into a small scratch tile and only its valid
 * part added to C).
 *
 * <p>Packing buffers are per thread and reused across calls, so a warm matmul allocates nothing.
 * Threads are handled by the caller ({@link Matmul}), which gives each thread its own rows or
 * columns of C.
 */
final class Gemm {
    /** Depth of the packed blocks: an A sliver of 12 x 256 floats is 12 KiB, at home in L1. */
    static final int KC = Integer.getInteger("dendrite.kc", 256);
    /** Rows of a packed A block; it only bounds the A packing buffer (about 144 KiB). */
    private static final int MC_TARGET = Integer.getInteger("dendrite.mc", 144);
    /** Columns of a packed B block: 256 x 1024 floats = 1 MiB, which stays in a 2 MiB L2. */
    private static final int NC_TARGET = Integer.getInteger("dendrite.nc", 1024);

    private final MicroKernel kernel;
    private final int mr, nr, mc, nc;
    private final ThreadLocal<Scratch> scratch;

    Gemm(MicroKernel kernel) {
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.mc = roundUp(MC_TARGET, mr);
        this.nc = roundUp(NC_TARGET, nr);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(mc * KC, mr * nr));
    }

    MicroKernel kernel() { return kernel; }

    /** Reusable per-thread buffers: packed A block, packed B block (grown on demand), one edge tile. */
    private static final class Scratch {
        final float[] packedA;
        float[] packedB = new float[0];
        final float[] tile;

        Scratch(int aSize, int tileSize) {
            packedA = new float[aSize];
            tile = new float[tileSize];
        }
    }

    /**
     * {@code C[i, j] = sum_p A(i, p) * B(p, j)} for i < m, j < n, where
     * {@code A(i, p) = a[aOff + i * aRow + p * aCol]}, {@code B(p, j) = b[bOff + p * bRow + j * bCol]}
     * and {@code C[i, j] = c[cOff + i * ldc + j]}. Overwrites C, or adds to it when {@code accumulate}.
     */
    void multiply(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                  float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        if (k == 0) return;
        Scratch s = scratch.get();
        for (int jc = 0; jc < n; jc += nc) {
            int ncb = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kcb = Math.min(KC, k - pc);
                int bSize = kcb * roundUp(ncb, nr);
                if (s.packedB.length < bSize) s.packedB = new float[Math.max(bSize, KC * Math.min(nc, roundUp(n, nr)))];
                packB(kcb, ncb, b, bOff + pc * bRow + jc * bCol, bRow, bCol, s.packedB);
                for (int ic = 0; ic < m; ic += mc) {
                    int mcb = Math.min(mc, m - ic);
                    packA(mcb, kcb, a, aOff + ic * aRow + pc * aCol, aRow, aCol, s.packedA);
                    macroKernel(mcb, ncb, kcb, s, c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /** Runs the micro-kernel over every MR x NR tile of an mcb x ncb block of C. */
    private void macroKernel(int mcb, int ncb, int kcb, Scratch s, float[] c, int cOff, int ldc) {
        float[] tile = s.tile;
        for (int ir = 0; ir < mcb; ir += mr) {
            int rows = Math.min(mr, mcb - ir);
            int aSliver = ir * kcb; // (ir / mr) slivers of kcb * mr floats
            for (int jr = 0; jr < ncb; jr += nr) {
                int cols = Math.min(nr, ncb - jr);
                int bSliver = jr * kcb;
                int cTile = cOff + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    kernel.run(kcb, s.packedA, aSliver, s.packedB, bSliver, c, cTile, ldc);
                } else {
                    java.util.Arrays.fill(tile, 0f);
                    kernel.run(kcb, s.packedA, aSliver, s.packedB, bSliver, tile, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) c[cTile + r * ldc + j] += tile[r * nr + j];
                    }
                }
            }
        }
    }

    /** Packs an mcb x kcb block of A into MR-row slivers: sliver t holds A(t*MR + r, p) at t*MR*kcb + p*MR + r. */
    private void packA(int mcb, int kcb, float[] a, int aOff, int aRow, int aCol, float[] dst) {
        for (int t = 0; t * mr < mcb; t++) {
            int base = t * mr * kcb;
            int rows = Math.min(mr, mcb - t * mr);
            int src = aOff + t * mr * aRow;
            // Write the sliver in order, one column of MR values at a time (reads stream along rows).
            for (int p = 0; p < kcb; p++) {
                int d = base + p * mr, col = src + p * aCol;
                for (int r = 0; r < rows; r++) dst[d + r] = a[col + r * aRow];
                for (int r = rows; r < mr; r++) dst[d + r] = 0f;
            }
        }
    }

    /** Packs a kcb x ncb block of B into NR-column slivers: sliver t holds B(p, t*NR + j) at t*NR*kcb + p*NR + j. */
    private void packB(int kcb, int ncb, float[] b, int bOff, int bRow, int bCol, float[] dst) {
        for (int t = 0; t * nr < ncb; t++) {
            int base = t * nr * kcb;
            int cols = Math.min(nr, ncb - t * nr);
            if (bCol == 1) { // rows of B are contiguous: copy NR floats per row
                for (int p = 0; p < kcb; p++) {
                    int src = bOff + p * bRow + t * nr, d = base + p * nr;
                    System.arraycopy(b, src, dst, d, cols);
                    if (cols < nr) java.util.Arrays.fill(dst, d + cols, d + nr, 0f);
                }
            } else { // transposed B: walk each column, which is contiguous in memory
                for (int j = 0; j < nr; j++) {
                    if (j < cols) {
                        int src = bOff + (t * nr + j) * bCol;
                        for (int p = 0; p < kcb; p++) dst[base + p * nr + j] = b[src + p * bRow];
                    } else {
                        for (int p = 0; p < kcb; p++) dst[base + p * nr + j] = 0f;
                    }
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
