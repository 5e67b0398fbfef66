package dev.dendrite.javadevice;

import dev.dendrite.config.Setting;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
 *       pack B[pc.., jc..] into slivers of NR columns      (KC x NC block: 3 MiB, in the shared L3)
 *       for ic in steps of MC:          rows of C and A
 *         pack A[ic.., pc..] into rows A_ROW floats apart      (MR of them make a sliver)
 *         for each MR-sliver of A:                          (KC x MR: stays in L1)
 *           for each NR-sliver of B:                        (streams from L2/L3)
 *             micro-kernel: C[MR x NR] += A-sliver x B-sliver   (in registers)
 * </pre>
 * The innermost loop walks along rows of C, so the MR rows of C it updates are read sequentially,
 * which the hardware prefetcher follows. Packing also absorbs the transposes (any element strides
 * are read once, while packing) and the edges (slivers are zero-padded to full MR/NR, so the kernel
 * always runs a full tile; a partial tile is computed into a small scratch tile and only its valid
 * part added to, or on a product's first depth block written into, C).
 *
 * <p>Packing buffers are per thread and reused across calls, so a warm matmul allocates nothing
 * but a few small task objects. The block sizes were measured on a Zen-class core (48 KiB L1,
 * 1 MiB L2 per core, 32 MiB shared L3); the system properties {@code dendrite.kc}, {@code dendrite.mc} and {@code dendrite.nc}
 * override them for experiments on other caches.
 */
final class Gemm {
    /**
     * Depth of the packed blocks: an A sliver of 12 x 384 floats is 18 KiB, at home in L1. 384 rather
     * than 256 (with NC 2048 rather than 1024): 2-7% more GFLOP/s on 1024^3 and 2048^3 and 4-10% on
     * the CNN's 288-deep products, which now take one depth block (docs/BENCHMARKS.md).
     */
    static final int KC = Setting.GEMM_KC.intValue();
    /** Rows of a packed A block; it only bounds the A packing buffer (144 x 384 floats, about 216 KiB). */
    private static final int MC_TARGET = Setting.GEMM_MC.intValue();
    /** Columns of a packed B block: 384 x 2048 floats = 3 MiB (smaller blocks measured slower: A is packed once per block). */
    private static final int NC_TARGET = Setting.GEMM_NC.intValue();
    /**
     * Multiply-adds from which one product is shared between the device's threads (batches of whole
     * matrices are shared from {@link Matmul#PARALLEL_MACS}). 32 M, about 0.4 ms of one thread's work:
     * on this project's two shared cores the second thread made smaller products slower inside a
     * training step, though faster when timed alone (docs/ARCHITECTURE.md, the java device's matmul).
     */
    private static final long SHARE_MACS = Setting.GEMM_SHARE_MACS.intValue();

    private final MicroKernel kernel;
    private final int mr, nr, kc, mc, nc;
    private final ThreadLocal<Scratch> scratch;
    /** The "old C" of a tile that overwrites C: one row of zeros, read at row stride 0. */
    private final float[] zeroRow;
    /** A Gemm with a differently shaped tile, for the products it pads less; null when there is none. */
    private final Gemm alternate;
    /** Multiply-adds from which {@link #blocked} shares one product between threads. */
    private final long shareMacs;

    Gemm(MicroKernel kernel) {
        this(kernel, null);
    }

    /**
     * With a second kernel (may be null): each product runs on the one whose tiles cover it with
     * less padding, this one when they tie (see {@link #padded}).
     */
    Gemm(MicroKernel kernel, MicroKernel alternate) {
        this(kernel, KC, MC_TARGET, NC_TARGET, SHARE_MACS,
                alternate == null ? null : new Gemm(alternate, KC, MC_TARGET, NC_TARGET, SHARE_MACS, null));
    }

    /**
     * With block sizes of its own (tests use small ones to cross every block boundary cheaply); it
     * shares products between threads from {@link Matmul#PARALLEL_MACS}, so that small tests reach
     * the two-thread pipeline.
     */
    Gemm(MicroKernel kernel, int kc, int mcTarget, int ncTarget) {
        this(kernel, kc, mcTarget, ncTarget, Matmul.PARALLEL_MACS, null);
    }

    Gemm(MicroKernel kernel, int kc, int mcTarget, int ncTarget, long shareMacs, Gemm alternate) {
        if (kc < 1 || mcTarget < 1 || ncTarget < 1) {
            throw new IllegalArgumentException("gemm: block sizes must be >= 1, got kc=" + kc + " mc=" + mcTarget + " nc=" + ncTarget);
        }
        if (kc > MicroKernel.A_ROW) {
            throw new IllegalArgumentException("gemm: kc=" + kc + " is deeper than the packed rows of A (" + MicroKernel.A_ROW + " floats)");
        }
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.kc = kc;
        this.mc = roundUp(mcTarget, mr);
        this.nc = roundUp(ncTarget, nr);
        this.zeroRow = new float[nr];
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(mc * MicroKernel.A_ROW, mr * nr));
        this.alternate = alternate;
        this.shareMacs = shareMacs;
    }

    MicroKernel kernel() { return kernel; }

    /** The kernel(s) for the start-up log. */
    String description() {
        return alternate == null ? kernel.description() : kernel.description() + " and " + alternate.kernel.mr() + "x"
                + alternate.kernel.nr();
    }

    /** Elements of C's tiles covering an m x n product: the work the micro-kernel does, padding included. */
    long padded(int m, int n) {
        return (long) roundUp(m, mr) * roundUp(n, nr);
    }

    /**
     * Reusable per-thread buffers: packed A block, one edge tile, and the packed B block of the
     * products this thread starts (grown on demand; the helping threads read it).
     */
    private static final class Scratch {
        final float[] packedA;
        final float[] tile;
        private final float[][] packedB = {new float[0], new float[0]};

        Scratch(int aSize, int tileSize) {
            packedA = new float[aSize];
            tile = new float[tileSize];
        }

        /** Packed-B buffer 0 or 1 (the parallel path uses both in turn), at least {@code size} long. */
        float[] packedBFor(int which, int size) {
            if (packedB[which].length < size) packedB[which] = new float[size];
            return packedB[which];
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
     * takes fewer blocks. When C has few row blocks, the blocks are also cut along the columns. The
     * whole product is one parallel region ({@link Pipeline}): no barrier between depth steps.
     */
    void multiply(Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                  float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        KernelWarmUp.productStarted();   // the warm-up thread's cue to stop
        // One call site for each step below, never two: C2 inlines every call site it compiles, so
        // a recursive call for the alternate kernel and a blocked() call per branch made four copies
        // of the blocked loops in one 68 kB method (0.41 s of C2's time in the MLP's first epochs).
        Gemm g = alternate != null && alternate.padded(m, n) < padded(m, n) ? alternate : this;
        g.product(parallel, m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
    }

    /** {@link #multiply} on this Gemm's kernel. */
    private void product(Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        // A thin C (the first convolution's weight gradient is 32 x 9): as is, every NR-wide sliver
        // of B would be mostly zero padding and each of A's slivers would run the kernel over it.
        // Computing C^T = B^T x A^T instead puts the long side of C along the slivers; its tiles
        // add to C, so C is zeroed first.
        boolean thin = n <= nr / 2 && m > n;
        if (!accumulate && (k == 0 || thin)) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        if (k == 0) return;
        // C^T = B^T x A^T: the operands change places, and each one's two strides swap
        float[] left = thin ? b : a, right = thin ? a : b;
        int leftOff = thin ? bOff : aOff, leftRow = thin ? bCol : aRow, leftCol = thin ? bRow : aCol;
        int rightOff = thin ? aOff : bOff, rightRow = thin ? aCol : bRow, rightCol = thin ? aRow : bCol;
        blocked(parallel, thin ? n : m, thin ? m : n, k, left, leftOff, leftRow, leftCol, right, rightOff, rightRow, rightCol,
                c, cOff, ldc, thin, !thin && !accumulate);
    }

    /**
     * The blocked loops of {@link #multiply}: the product is added to C. With {@code transposedC},
     * element (i, j) goes to {@code c[cOff + j * ldc + i]}. With {@code zeroC}, the product replaces C
     * instead: the first depth block's tiles overwrite C ({@link MicroKernel#run} adds the tile to zeros),
     * so C is neither zeroed beforehand nor read (a zeroing pass took about 5% of a GPT step's
     * samples). Not with {@code transposedC}, whose tiles always add.
     */
    private void blocked(Parallel parallel, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                         float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc,
                         boolean transposedC, boolean zeroC) {
        int threads = parallel == null || parallel.insideWorker() || (long) m * n * k < shareMacs
                ? 1 : parallel.threads();
        if (transposedC && zeroC) throw new IllegalArgumentException("gemm: a transposed C is only added to");
        Plan plan = new Plan(threads, m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, transposedC, zeroC);
        Scratch own = scratch.get();
        if (threads == 1) {
            float[] packedB = own.packedBFor(0, kc * roundUp(Math.min(nc, n), nr));
            for (int step = 0; step < plan.steps; step++) {
                plan.packSlivers(step, 0, plan.slivers(step), packedB);
                for (int item = 0; item < plan.items(step); item++) plan.compute(step, item, packedB, own);
            }
        } else {
            int size = kc * roundUp(Math.min(nc, n), nr);
            new Pipeline(plan, new float[][] {own.packedBFor(0, size), own.packedBFor(1, size)}).run(parallel);
        }
    }

    /**
     * How one product is cut up. Step s is one block of B (columns jc.., depth pc..) with
     * {@code jc = (s / pcSteps) * nc} and {@code pc = (s % pcSteps) * kc}; within a step, item i is
     * a block of C's rows (and, when C has few row blocks, of its columns), for which the thread that
     * takes it packs its own block of A.
     */
    private final class Plan {
        final int m, n, k, aOff, aRow, aCol, bOff, bRow, bCol, cOff, ldc;
        final float[] a, b, c;
        final boolean transposedC, zeroC;
        final int rowsPerItem, rowBlocks, pcSteps, steps;

        Plan(int threads, int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
             float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean transposedC, boolean zeroC) {
            this.m = m; this.n = n; this.k = k;
            this.a = a; this.aOff = aOff; this.aRow = aRow; this.aCol = aCol;
            this.b = b; this.bOff = bOff; this.bRow = bRow; this.bCol = bCol;
            this.c = c; this.cOff = cOff; this.ldc = ldc;
            this.transposedC = transposedC;
            this.zeroC = zeroC;
            // Rows per work item: the full MC for one thread; for several, small enough for ~4 items per thread.
            this.rowsPerItem = threads == 1 ? mc : Math.max(mr, Math.min(mc, roundUp((m + 4 * threads - 1) / (4 * threads), mr)));
            this.rowBlocks = (m + rowsPerItem - 1) / rowsPerItem;
            this.pcSteps = (k + kc - 1) / kc;
            this.steps = (n + nc - 1) / nc * pcSteps;
            this.threads = threads;
        }

        private final int threads;

        int jc(int step) { return step / pcSteps * nc; }
        int pc(int step) { return step % pcSteps * kc; }
        int ncb(int step) { return Math.min(nc, n - jc(step)); }
        int kcb(int step) { return Math.min(kc, k - pc(step)); }
        int slivers(int step) { return (ncb(step) + nr - 1) / nr; }

        int columnParts(int step) {
            int slivers = slivers(step);
            return threads == 1 ? 1 : Math.min(slivers, Math.max(1, (2 * threads + rowBlocks - 1) / rowBlocks));
        }

        int items(int step) { return rowBlocks * columnParts(step); }

        /** The calling thread's packing buffers. */
        Scratch ownScratch() { return scratch.get(); }

        /** Packs slivers [from, to) of step's block of B into {@code packedB}. */
        void packSlivers(int step, int from, int to, float[] packedB) {
            int kcb = kcb(step), ncb = ncb(step), bBlock = bOff + pc(step) * bRow + jc(step) * bCol;
            for (int t = from; t < to; t++) packBSliver(t, kcb, ncb, b, bBlock, bRow, bCol, packedB);
        }

        /**
         * Item {@code item} of the step: packs its block of A into {@code own} (the calling thread's
         * buffers, looked up once per product rather than per item) and runs the kernels over its part of C.
         */
        void compute(int step, int item, float[] packedB, Scratch own) {
            int columnParts = columnParts(step), slivers = slivers(step), ncb = ncb(step), kcb = kcb(step), pc = pc(step), jc = jc(step);
            int rowBlock = item / columnParts, part = item % columnParts;
            int ic = rowBlock * rowsPerItem, mcb = Math.min(rowsPerItem, m - ic);
            int firstSliver = slivers * part / columnParts, endSliver = slivers * (part + 1) / columnParts;
            int cBlock = cOff + (transposedC ? jc * ldc : jc);
            packA(mcb, kcb, a, aOff + pc * aCol + ic * aRow, aRow, aCol, own.packedA);
            macroKernel(mcb, ncb, kcb, own, packedB, firstSliver * nr, Math.min(ncb, endSliver * nr),
                    c, cBlock + (transposedC ? ic : ic * ldc), ldc, transposedC, !(zeroC && pc == 0));
        }
    }

    /**
     * Runs a {@link Plan} on several threads in one parallel region, with no barrier between steps.
     * The work is one sequence, handed out from a shared counter: for each step, the packing of its B
     * block (in chunks of {@link #PACK_CHUNK} slivers), then its items. A thread waits (spinning
     * briefly, then yielding) only for what its piece reads or overwrites: an item waits until its
     * step's B block is packed and, past the first depth step, until the same item of the previous
     * step has added its part to C; packing step s waits until the items of step s - 2 are done with
     * the buffer it reuses (two buffers take turns). So while one thread finishes the last items of a
     * step, the other already packs the next block of B, instead of both stopping at a barrier.
     */
    private static final class Pipeline {
        static final int PACK_CHUNK = 4;
        private final Plan plan;
        private final float[][] buffers;
        /** First sequence number of each step's pieces; {@code start[steps]} is the total. */
        private final int[] start, packPieces;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicIntegerArray packed, computed, itemDone;
        private final int maxItems;
        private volatile boolean failed;

        Pipeline(Plan plan, float[][] buffers) {
            this.plan = plan;
            this.buffers = buffers;
            start = new int[plan.steps + 1];
            packPieces = new int[plan.steps];
            int most = 0;
            for (int s = 0; s < plan.steps; s++) {
                packPieces[s] = (plan.slivers(s) + PACK_CHUNK - 1) / PACK_CHUNK;
                start[s + 1] = start[s] + packPieces[s] + plan.items(s);
                most = Math.max(most, plan.items(s));
            }
            packed = new AtomicIntegerArray(plan.steps);
            computed = new AtomicIntegerArray(plan.steps);
            maxItems = most;
            itemDone = new AtomicIntegerArray(plan.steps * most);
        }

        void run(Parallel parallel) {
            parallel.forRange(parallel.threads(), 1, (from, to) -> work());
        }

        private void work() {
            try {
                Scratch own = plan.ownScratch();
                int step = 0, total = start[plan.steps];
                for (int g; (g = next.getAndIncrement()) < total; ) {
                    while (g >= start[step + 1]) step++;
                    int piece = g - start[step];
                    float[] buffer = buffers[step & 1];
                    if (piece < packPieces[step]) {
                        if (step >= 2) await(computed, step - 2, plan.items(step - 2));
                        int from = piece * PACK_CHUNK;
                        plan.packSlivers(step, from, Math.min(from + PACK_CHUNK, plan.slivers(step)), buffer);
                        packed.incrementAndGet(step);
                    } else {
                        int item = piece - packPieces[step];
                        await(packed, step, packPieces[step]);
                        if (plan.pc(step) > 0) await(itemDone, (step - 1) * maxItems + item, 1);
                        plan.compute(step, item, buffer, own);
                        itemDone.set(step * maxItems + item, 1);
                        computed.incrementAndGet(step);
                    }
                }
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            }
        }

        /** Waits until {@code counts[i] >= target}: spins a little (the other thread is usually about to get there), then yields. */
        private void await(AtomicIntegerArray counts, int i, int target) {
            for (int spins = 0; counts.get(i) < target; spins++) {
                if (failed) throw new IllegalStateException("gemm: another thread of this product failed");
                if (spins < 2000) Thread.onSpinWait();
                else Thread.yield();
            }
        }
    }

    /**
     * Runs the micro-kernel over the MR x NR tiles of columns [j0, j1) of an mcb x ncb block of C
     * (stored transposed when {@code transposedC}: every tile then goes through the scratch tile).
     * Adds to C with {@code accumulate}, else overwrites it: the first depth block of a product that
     * replaces C writes it without C ever being zeroed or read.
     */
    private void macroKernel(int mcb, int ncb, int kcb, Scratch s, float[] packedB, int j0, int j1,
                             float[] c, int cOff, int ldc, boolean transposedC, boolean accumulate) {
        float[] tile = s.tile;
        for (int ir = 0; ir < mcb; ir += mr) {
            int rows = Math.min(mr, mcb - ir);
            int aSliver = ir * MicroKernel.A_ROW; // (ir / mr) slivers of mr rows
            for (int jr = j0; jr < j1; jr += nr) {
                int cols = Math.min(nr, ncb - jr);
                int bSliver = jr * kcb;
                if (rows == mr && cols == nr && !transposedC) {
                    int cTile = cOff + ir * ldc + jr;
                    if (accumulate) kernel.run(kcb, s.packedA, aSliver, packedB, bSliver, c, cTile, ldc, c, cTile, ldc);
                    else kernel.run(kcb, s.packedA, aSliver, packedB, bSliver, c, cTile, ldc, zeroRow, 0, 0);
                    continue;
                }
                kernel.run(kcb, s.packedA, aSliver, packedB, bSliver, tile, 0, nr, zeroRow, 0, 0);
                if (transposedC) {
                    int cTile = cOff + jr * ldc + ir;
                    for (int j = 0; j < cols; j++) {
                        for (int r = 0; r < rows; r++) c[cTile + j * ldc + r] += tile[r * nr + j];
                    }
                } else {
                    int cTile = cOff + ir * ldc + jr;
                    for (int r = 0; r < rows; r++) {
                        int row = cTile + r * ldc, tileRow = r * nr;
                        if (accumulate) {
                            for (int j = 0; j < cols; j++) c[row + j] += tile[tileRow + j];
                        } else {
                            System.arraycopy(tile, tileRow, c, row, cols);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs an mcb x kcb block of A: A(i, p) goes to {@code i * A_ROW + p} (rows past mcb, up to a
     * whole sliver, zero). A row of a row-major A is one contiguous copy.
     */
    private void packA(int mcb, int kcb, float[] a, int aOff, int aRow, int aCol, float[] dst) {
        int rowsPadded = roundUp(mcb, mr);
        if (aCol == 1) {
            for (int i = 0; i < mcb; i++) System.arraycopy(a, aOff + i * aRow, dst, i * MicroKernel.A_ROW, kcb);
        } else {
            packTransposedA(mcb, kcb, a, aOff, aRow, aCol, dst);
        }
        for (int i = mcb; i < rowsPadded; i++) java.util.Arrays.fill(dst, i * MicroKernel.A_ROW, i * MicroKernel.A_ROW + kcb, 0f);
    }

    /**
     * packA for an A stored transposed (a weight gradient's X^T, attention's P^T): row i of A is a
     * column of the stored matrix. Eight rows of A at a time, written out: each step along p reads
     * eight neighbours from one stored row (one cache line) and writes one float to each of eight
     * panel rows. 2-2.5 times faster than a loop over MR rows (0.35-0.39 against 0.65-0.98 ns per
     * float on the GPT's [2048 x 128], [2048 x 512] and [64 x 64] inputs, a /tmp probe): packing
     * these took 11% of a GPT epoch.
     */
    private static void packTransposedA(int mcb, int kcb, float[] a, int aOff, int aRow, int aCol, float[] dst) {
        final int w = MicroKernel.A_ROW;
        int i = 0;
        for (; i + 8 <= mcb; i += 8) {
            int src = aOff + i * aRow, d = i * w;
            for (int p = 0; p < kcb; p++) {
                int s = src + p * aCol, q = d + p;
                dst[q] = a[s];
                dst[q + w] = a[s + aRow];
                dst[q + 2 * w] = a[s + 2 * aRow];
                dst[q + 3 * w] = a[s + 3 * aRow];
                dst[q + 4 * w] = a[s + 4 * aRow];
                dst[q + 5 * w] = a[s + 5 * aRow];
                dst[q + 6 * w] = a[s + 6 * aRow];
                dst[q + 7 * w] = a[s + 7 * aRow];
            }
        }
        for (; i < mcb; i++) {   // the last rows one by one
            int src = aOff + i * aRow, d = i * w;
            for (int p = 0; p < kcb; p++) dst[d + p] = a[src + p * aCol];
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
