package dev.dendrite.javadevice;

import dev.dendrite.config.Setting;

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
 * <p>Packing buffers are per thread and reused across calls, so a warm matmul allocates nothing
 * but a few small task objects. The block sizes were measured on a Zen-class core (48 KiB L1,
 * 2 MiB L2); the system properties {@code dendrite.kc}, {@code dendrite.mc} and {@code dendrite.nc}
 * override them for experiments on other caches.
 */
final class Gemm {
    /** Depth of the packed blocks: an A sliver of 12 x 256 floats is 12 KiB, at home in L1. */
    static final int KC = Setting.GEMM_KC.intValue();
    /** Rows of a packed A block; it only bounds the A packing buffer (about 144 KiB). */
    private static final int MC_TARGET = Setting.GEMM_MC.intValue();
    /** Columns of a packed B block: 256 x 1024 floats = 1 MiB, which stays in a 2 MiB L2. */
    private static final int NC_TARGET = Setting.GEMM_NC.intValue();

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

    /**
     * Reusable per-thread buffers: packed A block, one edge tile, and the packed B block of the
     * products this thread starts (grown on demand; the helping threads read it).
     */
    private static final class Scratch {
        final float[] packedA;
        final float[] tile;
        private float[] packedB = new float[0];

        Scratch(int aSize, int tileSize) {
            packedA = new float[aSize];
            tile = new float[tileSize];
        }

        float[] packedBFor(int size) {
            if (packedB.length < size) packedB = new float[size];
            return packedB;
        }
    }

    /**
     * {@code C[i, j] = sum_p A(i, p) * B(p, j)} for i < m, j < n, where
     * {@code A(i, p) = a[aOff + i * aRow + p * aCol]}, {@code B(p, j) = b[bOff + p * bRow + j * bCol]}
     * and {@code C[i, j] = c[cOff + i * ldc + j]}. Overwrites C, or adds to it when {@code accumulate}.
     *
     * <p>With a {@code parallel} (null for one thread) and enough work, the threads share each packed
     * B block: they pack its slivers together, then take blocks of C's rows (each packing its own A
     * block) one at a time from a shared counter, so a thread slowed down by other processes simply
     * takes fewer blocks. When C has few row blocks, the blocks are also cut along the columns.
     */
    void multiply(Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                  float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        boolean thin = n <= nr / 2 && m > n;
        if (!accumulate && (k == 0 || thin)) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        if (k == 0) return;
        if (thin) {
            // A thin C (the first convolution's weight gradient is 32 x 9): as is, every NR-wide
            // sliver of B would be mostly zero padding and each of A's slivers would run the kernel
            // over it. Computing C^T = B^T x A^T instead puts the long side of C along the slivers.
            blocked(parallel, n, m, k, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, ldc, true, false);
        } else {
            blocked(parallel, m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, false, !accumulate);
        }
    }

    /**
     * The blocked loops of {@link #multiply}: the product is added to C. With {@code transposedC},
     * element (i, j) goes to {@code c[cOff + j * ldc + i]}. With {@code zeroC}, each block of C is
     * zeroed just before its first product lands on it, while it is about to be in cache anyway (a
     * separate pass over a C larger than the cache would cost a trip to memory and back).
     */
    private void blocked(Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc,
                         boolean transposedC, boolean zeroC) {
        int threads = parallel == null || parallel.insideWorker() || (long) m * n * k < Matmul.PARALLEL_MACS
                ? 1 : parallel.threads();
        // Rows per work item: the full MC for one thread; for several, small enough for ~4 items per thread.
        int rowsPerItem = threads == 1 ? mc : Math.max(mr, Math.min(mc, roundUp((m + 4 * threads - 1) / (4 * threads), mr)));
        int rowBlocks = (m + rowsPerItem - 1) / rowsPerItem;
        float[] packedB = scratch.get().packedBFor(KC * roundUp(Math.min(nc, n), nr));
        for (int jc = 0; jc < n; jc += nc) {
            int ncb = Math.min(nc, n - jc);
            int slivers = (ncb + nr - 1) / nr;
            int columnParts = threads == 1 ? 1 : Math.min(slivers, Math.max(1, (2 * threads + rowBlocks - 1) / rowBlocks));
            int items = rowBlocks * columnParts;
            for (int pc = 0; pc < k; pc += KC) {
                int kcb = Math.min(KC, k - pc);
                boolean zeroFirst = zeroC && pc == 0;
                int aBlock = aOff + pc * aCol, bBlock = bOff + pc * bRow + jc * bCol, cBlock = cOff + (transposedC ? jc * ldc : jc);
                Parallel.Body packSlivers = (from, to) -> {
                    for (int t = from; t < to; t++) packBSliver(t, kcb, ncb, b, bBlock, bRow, bCol, packedB);
                };
                Parallel.Item computeItem = item -> {
                    int rowBlock = item / columnParts, part = item % columnParts;
                    int ic = rowBlock * rowsPerItem, mcb = Math.min(rowsPerItem, m - ic);
                    int firstSliver = slivers * part / columnParts, endSliver = slivers * (part + 1) / columnParts;
                    Scratch own = scratch.get();
                    if (zeroFirst) {
                        int from = cBlock + ic * ldc + firstSliver * nr, width = Math.min(ncb, endSliver * nr) - firstSliver * nr;
                        for (int i = 0; i < mcb; i++) java.util.Arrays.fill(c, from + i * ldc, from + i * ldc + width, 0f);
                    }
                    packA(mcb, kcb, a, aBlock + ic * aRow, aRow, aCol, own.packedA);
                    macroKernel(mcb, ncb, kcb, own, packedB, firstSliver * nr, Math.min(ncb, endSliver * nr),
                            c, cBlock + (transposedC ? ic : ic * ldc), ldc, transposedC);
                };
                if (threads == 1) {
                    packSlivers.run(0, slivers);
                    for (int item = 0; item < items; item++) computeItem.run(item);
                } else {
                    parallel.forRange(slivers, 4, packSlivers);
                    parallel.forEachItem(items, computeItem);
                }
            }
        }
    }

    /**
     * Runs the micro-kernel over the MR x NR tiles of columns [j0, j1) of an mcb x ncb block of C
     * (stored transposed when {@code transposedC}: every tile then goes through the scratch tile).
     */
    private void macroKernel(int mcb, int ncb, int kcb, Scratch s, float[] packedB, int j0, int j1,
                             float[] c, int cOff, int ldc, boolean transposedC) {
        float[] tile = s.tile;
        for (int ir = 0; ir < mcb; ir += mr) {
            int rows = Math.min(mr, mcb - ir);
            int aSliver = ir * kcb; // (ir / mr) slivers of kcb * mr floats
            for (int jr = j0; jr < j1; jr += nr) {
                int cols = Math.min(nr, ncb - jr);
                int bSliver = jr * kcb;
                if (rows == mr && cols == nr && !transposedC) {
                    kernel.run(kcb, s.packedA, aSliver, packedB, bSliver, c, cOff + ir * ldc + jr, ldc);
                    continue;
                }
                java.util.Arrays.fill(tile, 0f);
                kernel.run(kcb, s.packedA, aSliver, packedB, bSliver, tile, 0, nr);
                if (transposedC) {
                    int cTile = cOff + jr * ldc + ir;
                    for (int j = 0; j < cols; j++) {
                        for (int r = 0; r < rows; r++) c[cTile + j * ldc + r] += tile[r * nr + j];
                    }
                } else {
                    int cTile = cOff + ir * ldc + jr;
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
            if (aCol == 1 && aRow != 1) {
                // Rows of A are contiguous: read each row front to back (one long loop C2 unrolls)
                // and write it down a column of the sliver.
                for (int r = 0; r < mr; r++) {
                    if (r < rows) {
                        for (int p = 0, from = src + r * aRow; p < kcb; p++) dst[base + p * mr + r] = a[from + p];
                    } else {
                        for (int p = 0; p < kcb; p++) dst[base + p * mr + r] = 0f;
                    }
                }
                continue;
            }
            // Columns of A are contiguous (or neither): write the sliver in order, one column of MR values at a time.
            for (int p = 0; p < kcb; p++) {
                int d = base + p * mr, col = src + p * aCol;
                for (int r = 0; r < rows; r++) dst[d + r] = a[col + r * aRow];
                for (int r = rows; r < mr; r++) dst[d + r] = 0f;
            }
        }
    }

    /** Packs sliver t of a kcb x ncb block of B: B(p, t*NR + j) goes to t*NR*kcb + p*NR + j (zero past ncb). */
    private void packBSliver(int t, int kcb, int ncb, float[] b, int bOff, int bRow, int bCol, float[] dst) {
        int base = t * nr * kcb;
        int cols = Math.min(nr, ncb - t * nr);
        if (bCol == 1) { // rows of B are contiguous: copy up to NR floats per row
            for (int p = 0; p < kcb; p++) {
                int src = bOff + p * bRow + t * nr, d = base + p * nr;
                System.arraycopy(b, src, dst, d, cols);
                if (cols < nr) java.util.Arrays.fill(dst, d + cols, d + nr, 0f);
            }
        } else { // transposed B: eight columns at a time, each read as its own stream
            int src = bOff + t * nr * bCol, j = 0;
            for (; j + 8 <= cols; j += 8) {
                int s0 = src + j * bCol;
                for (int p = 0; p < kcb; p++) {
                    int d = base + p * nr + j, s = s0 + p * bRow;
                    dst[d] = b[s];
                    dst[d + 1] = b[s + bCol];
                    dst[d + 2] = b[s + 2 * bCol];
                    dst[d + 3] = b[s + 3 * bCol];
                    dst[d + 4] = b[s + 4 * bCol];
                    dst[d + 5] = b[s + 5 * bCol];
                    dst[d + 6] = b[s + 6 * bCol];
                    dst[d + 7] = b[s + 7 * bCol];
                }
            }
            for (; j < nr; j++) { // the last columns, and zeros past ncb
                int d = base + j, s = src + j * bCol;
                if (j < cols) {
                    for (int p = 0; p < kcb; p++) dst[d + p * nr] = b[s + p * bRow];
                } else {
                    for (int p = 0; p < kcb; p++) dst[d + p * nr] = 0f;
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
