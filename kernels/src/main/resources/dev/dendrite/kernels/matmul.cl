/*
 * matmul.cl: batched C[b] = op(A[b]) x op(B[b]), six rungs of a ladder, each kept so the gain of
 * each idea can be measured (kernels/README.md has the figures). Read them in order.
 *
 * Run: ./dendrite kernel matmul                       (every rung, CLBlast and the java device)
 *      ./dendrite kernel matmul --variant naive       (rung 1; likewise --variant tiled, regblock,
 *                                                      wide, simd, vector for rungs 2-6)
 *
 * Common interface. op(A) is M x K, op(B) is K x N, C is written contiguous [batch, M, N] from
 * cOffset. Transposes and batch broadcasting are expressed as strides, computed by the host
 * (dev.dendrite.kernels.MatmulArgs):
 *     op(A)[r][k] = A[aOffset + b * aBatchStride + r * aRowStride + k * aColStride]
 *     op(B)[k][c] = B[bOffset + b * bBatchStride + k * bRowStride + c * bColStride]
 * so "transposed" is just (rowStride, colStride) = (1, M) instead of (K, 1), and a batch stride
 * of 0 reuses one matrix for the whole batch. Every rung is correct for any M, N, K: tiles that
 * hang over the edge of a matrix read zeros and skip their writes.
 *
 * Geometry (dev.dendrite.kernels.LaunchGeometry.matmul): dimension 0 runs over columns of C,
 * dimension 1 over rows, dimension 2 over the batch; when the batch exceeds 65535 (CUDA's limit
 * on grid z), the kernels loop: matrix b, b + groups(2), ...
 */
#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

/* op(M)[r][c], or 0 outside the rows x cols matrix (so edge tiles need no special case). */
INLINE_FUNC float at_or_zero(__global const float* m, int base, int rows, int cols, int r, int c,
                             int rowStride, int colStride) {
    return (r < rows && c < cols) ? m[base + r * rowStride + c * colStride] : 0.0f;
}

/* ==================================================================== rung 1: naive
 * One work-item per element of C: a dot product of a row of A and a column of B, straight from
 * global memory. Geometry: local (16, 16), global (N, M) rounded up to 16.
 * Why it is slow: each element of A is read N times and each element of B M times from global
 * memory: 2 loads per multiply-add, so the ALUs wait on memory. */
__kernel void matmul_naive(int M, int N, int K, int batch,
                           __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                           __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                           __global float* C, int cOffset) {
    int col = get_global_id(0);
    int row = get_global_id(1);
    if (row >= M || col >= N) return;   /* safe: this kernel has no barrier */
    for (int b = get_global_id(2); b < batch; b += get_global_size(2)) {
        int a = aOffset + b * aBatchStride + row * aRowStride;
        int bb = bOffset + b * bBatchStride + col * bColStride;
        float acc = 0.0f;
        for (int k = 0; k < K; k++) acc += A[a + k * aColStride] * B[bb + k * bRowStride];
        C[cOffset + (b * M + row) * N + col] = acc;
    }
}

/* ==================================================================== rung 2: local-memory tiles
 * A 16 x 16 work-group computes a 16 x 16 tile of C. It walks K in steps of 16: the group copies a
 * 16 x 16 tile of A and one of B into local memory (one element per work-item), waits at a
 * barrier, and then every work-item does 16 multiply-adds reading only local memory.
 * Geometry: local (16, 16), global (N, M) rounded up to 16.
 * Why it is faster: each element loaded from global memory is used 16 times, so global traffic
 * drops 16-fold; local memory is on-chip (and on PoCL, the tile stays in L1). */
#define T2 16

__kernel void matmul_tiled(int M, int N, int K, int batch,
                           __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                           __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                           __global float* C, int cOffset) {
    __local float As[T2][T2];       /* As[r][k] */
    __local float Bs[T2][T2];       /* Bs[k][c] */
    int tx = get_local_id(0), ty = get_local_id(1);
    int col = get_group_id(0) * T2 + tx;
    int row = get_group_id(1) * T2 + ty;

    for (int b = get_group_id(2); b < batch; b += get_num_groups(2)) {
        int a = aOffset + b * aBatchStride;
        int bb = bOffset + b * bBatchStride;
        float acc = 0.0f;
        for (int k0 = 0; k0 < K; k0 += T2) {
            As[ty][tx] = at_or_zero(A, a, M, K, row, k0 + tx, aRowStride, aColStride);
            Bs[ty][tx] = at_or_zero(B, bb, K, N, k0 + ty, col, bRowStride, bColStride);
            barrier(CLK_LOCAL_MEM_FENCE);          /* the tiles are complete */
#pragma unroll
            for (int k = 0; k < T2; k++) acc += As[ty][k] * Bs[k][tx];
            barrier(CLK_LOCAL_MEM_FENCE);          /* everyone is done before they are overwritten */
        }
        if (row < M && col < N) C[cOffset + (b * M + row) * N + col] = acc;
    }
}

/* ==================================================================== rung 3: 2-D register blocking
 * Each work-item computes a 4 x 4 block of C, so a 16 x 16 group covers a 64 x 64 tile. Per step
 * of k it loads 4 values of A and 4 of B from local memory into registers and does 16
 * multiply-adds with them: 1 local load per 2 FMAs instead of 2 loads per FMA in rung 2. The
 * rows a work-item owns are ty, ty + 16, ty + 32, ty + 48 (and columns likewise), not four
 * adjacent ones, so that at every instant neighbouring work-items touch neighbouring columns:
 * local reads without bank conflicts and coalesced writes of C.
 * Tile loads: 256 work-items copy 64 x 16 values each of A and B, 4 each. Which index runs
 * fastest across work-items follows the matrix's contiguous direction (a transposed A is read
 * along M), so global reads stay coalesced whatever the transpose flags.
 * Geometry: local (16, 16), global (ceil(N / 64) * 16, ceil(M / 64) * 16). */
#define R3_TILE 64          /* C tile side */
#define R3_K 16             /* depth of one step along K */
#define R3_WORK 4           /* C elements per work-item along each side */

__kernel void matmul_regblock(int M, int N, int K, int batch,
                              __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                              __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                              __global float* C, int cOffset) {
    __local float As[R3_K][R3_TILE + 1];    /* As[k][r]; +1 column of padding spreads the stores over banks */
    __local float Bs[R3_K][R3_TILE + 1];    /* Bs[k][c] */
    int tx = get_local_id(0), ty = get_local_id(1);
    int tid = ty * 16 + tx;
    int row0 = get_group_id(1) * R3_TILE;
    int col0 = get_group_id(0) * R3_TILE;
    int aAlongK = (aColStride == 1);        /* A's contiguous direction is K: let k vary fastest */
    int bAlongK = (bRowStride == 1);

    for (int b = get_group_id(2); b < batch; b += get_num_groups(2)) {
        int a = aOffset + b * aBatchStride;
        int bb = bOffset + b * bBatchStride;
        float acc[R3_WORK][R3_WORK];
        for (int i = 0; i < R3_WORK; i++)
            for (int j = 0; j < R3_WORK; j++) acc[i][j] = 0.0f;

        for (int k0 = 0; k0 < K; k0 += R3_K) {
            for (int l = 0; l < (R3_TILE * R3_K) / 256; l++) {
                int e = tid + l * 256;
                int ak = aAlongK ? e % R3_K : e / R3_TILE, ar = aAlongK ? e / R3_K : e % R3_TILE;
                As[ak][ar] = at_or_zero(A, a, M, K, row0 + ar, k0 + ak, aRowStride, aColStride);
                int bk = bAlongK ? e % R3_K : e / R3_TILE, bc = bAlongK ? e / R3_K : e % R3_TILE;
                Bs[bk][bc] = at_or_zero(B, bb, K, N, k0 + bk, col0 + bc, bRowStride, bColStride);
            }
            barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
            for (int k = 0; k < R3_K; k++) {
                float av[R3_WORK], bv[R3_WORK];
                for (int i = 0; i < R3_WORK; i++) av[i] = As[k][ty + 16 * i];
                for (int j = 0; j < R3_WORK; j++) bv[j] = Bs[k][tx + 16 * j];
                for (int i = 0; i < R3_WORK; i++)
                    for (int j = 0; j < R3_WORK; j++) acc[i][j] += av[i] * bv[j];
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        for (int i = 0; i < R3_WORK; i++) {
            int row = row0 + ty + 16 * i;
            for (int j = 0; j < R3_WORK; j++) {
                int col = col0 + tx + 16 * j;
                if (row < M && col < N) C[cOffset + (b * M + row) * N + col] = acc[i][j];
            }
        }
    }
}

/* ==================================================================== rung 4: wider blocks, prefetched
 * Two further steps on rung 3.
 *  - Wider register blocks: 8 x 8 per work-item, a 128 x 128 tile per 16 x 16 group. Each value
 *    loaded from local memory now feeds 8 FMAs (4 in rung 3), and each value loaded from global
 *    memory is used 128 times (64).
 *  - Prefetching (double buffering through registers): the next tiles of A and B are read from
 *    global memory into registers *before* the current tiles are multiplied, and only stored to
 *    local memory afterwards. The slow global loads are in flight while the FMAs run, instead of
 *    the FMAs waiting for them.
 * Geometry: local (16, 16), global (ceil(N / 128) * 16, ceil(M / 128) * 16). */
#define R4_TILE 128
#define R4_K 8
#define R4_WORK 8
#define R4_LOADS ((R4_TILE * R4_K) / 256)  /* values of A (and of B) each work-item copies per step */

__kernel void matmul_wide(int M, int N, int K, int batch,
                          __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                          __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                          __global float* C, int cOffset) {
    __local float As[R4_K][R4_TILE + 1];
    __local float Bs[R4_K][R4_TILE + 1];
    int tx = get_local_id(0), ty = get_local_id(1);
    int tid = ty * 16 + tx;
    int row0 = get_group_id(1) * R4_TILE;
    int col0 = get_group_id(0) * R4_TILE;
    int aAlongK = (aColStride == 1);
    int bAlongK = (bRowStride == 1);

    for (int b = get_group_id(2); b < batch; b += get_num_groups(2)) {
        int a = aOffset + b * aBatchStride;
        int bb = bOffset + b * bBatchStride;
        float acc[R4_WORK][R4_WORK];
        for (int i = 0; i < R4_WORK; i++)
            for (int j = 0; j < R4_WORK; j++) acc[i][j] = 0.0f;

        /* registers holding the tiles for the next step */
        float nextA[R4_LOADS], nextB[R4_LOADS];
        for (int l = 0; l < R4_LOADS; l++) {
            int e = tid + l * 256;
            int ak = aAlongK ? e % R4_K : e / R4_TILE, ar = aAlongK ? e / R4_K : e % R4_TILE;
            int bk = bAlongK ? e % R4_K : e / R4_TILE, bc = bAlongK ? e / R4_K : e % R4_TILE;
            nextA[l] = at_or_zero(A, a, M, K, row0 + ar, ak, aRowStride, aColStride);
            nextB[l] = at_or_zero(B, bb, K, N, bk, col0 + bc, bRowStride, bColStride);
        }

        for (int k0 = 0; k0 < K; k0 += R4_K) {
            for (int l = 0; l < R4_LOADS; l++) {
                int e = tid + l * 256;
                int ak = aAlongK ? e % R4_K : e / R4_TILE, ar = aAlongK ? e / R4_K : e % R4_TILE;
                int bk = bAlongK ? e % R4_K : e / R4_TILE, bc = bAlongK ? e / R4_K : e % R4_TILE;
                As[ak][ar] = nextA[l];
                Bs[bk][bc] = nextB[l];
            }
            barrier(CLK_LOCAL_MEM_FENCE);

            /* start fetching the step after this one (zeros past the end of K) */
            int k1 = k0 + R4_K;
            for (int l = 0; l < R4_LOADS; l++) {
                int e = tid + l * 256;
                int ak = aAlongK ? e % R4_K : e / R4_TILE, ar = aAlongK ? e / R4_K : e % R4_TILE;
                int bk = bAlongK ? e % R4_K : e / R4_TILE, bc = bAlongK ? e / R4_K : e % R4_TILE;
                nextA[l] = at_or_zero(A, a, M, K, row0 + ar, k1 + ak, aRowStride, aColStride);
                nextB[l] = at_or_zero(B, bb, K, N, k1 + bk, col0 + bc, bRowStride, bColStride);
            }

#pragma unroll
            for (int k = 0; k < R4_K; k++) {
                float av[R4_WORK], bv[R4_WORK];
                for (int i = 0; i < R4_WORK; i++) av[i] = As[k][ty + 16 * i];
                for (int j = 0; j < R4_WORK; j++) bv[j] = Bs[k][tx + 16 * j];
                for (int i = 0; i < R4_WORK; i++)
                    for (int j = 0; j < R4_WORK; j++) acc[i][j] += av[i] * bv[j];
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        for (int i = 0; i < R4_WORK; i++) {
            int row = row0 + ty + 16 * i;
            for (int j = 0; j < R4_WORK; j++) {
                int col = col0 + tx + 16 * j;
                if (row < M && col < N) C[cOffset + (b * M + row) * N + col] = acc[i][j];
            }
        }
    }
}

/* ==================================================================== rung 5: SIMD rows (for CPUs)
 * Rungs 2-4 are built for GPUs, where local memory is a fast scratchpad next to the ALUs. A CPU
 * OpenCL (PoCL) runs the work-items of a group as a loop: local memory is just memory, and every
 * barrier splits the kernel into pieces between which each work-item's private variables (the
 * accumulators of rungs 3 and 4) are saved to memory and reloaded. Rungs 3 and 4 pay for
 * machinery a CPU does not need.
 * This rung drops both. A work-item computes 8 rows of one column of C and walks all of K: per
 * step, one value of B is multiplied by 8 values of A into 8 accumulators that stay in registers
 * for the whole loop, and the caches do the reuse that local memory did. Neighbouring work-items
 * read neighbouring values of B and the same values of A, the shape of a SIMD micro-kernel
 * (8 rows x vector-width columns), which is what a vectorising OpenCL compiler needs; PoCL 3.1
 * here does not vectorise across work-items around a loop, and the rung still wins on small and
 * medium products (kernels/README.md). On a GPU it works too (B coalesced, A broadcast) but
 * reuses less than rung 4. Geometry: local (64, 4), global (N rounded up to 64, ceil(M / 8)
 * rounded up to 4). */
#define R5_ROWS 8

__kernel void matmul_simd(int M, int N, int K, int batch,
                          __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                          __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                          __global float* C, int cOffset) {
    int col = get_global_id(0);
    int row0 = get_global_id(1) * R5_ROWS;
    if (col >= N || row0 >= M) return;   /* safe: no barrier */
    /* rows past the end of A re-read its last row (a valid address); their results are dropped */
    int rowOffset[R5_ROWS];
    for (int i = 0; i < R5_ROWS; i++) rowOffset[i] = min(row0 + i, M - 1) * aRowStride;
    for (int b = get_global_id(2); b < batch; b += get_global_size(2)) {
        int a = aOffset + b * aBatchStride;
        int bb = bOffset + b * bBatchStride + col * bColStride;
        float acc[R5_ROWS];
        for (int i = 0; i < R5_ROWS; i++) acc[i] = 0.0f;
        for (int k = 0; k < K; k++) {
            float bv = B[bb + k * bRowStride];
#pragma unroll
            for (int i = 0; i < R5_ROWS; i++) acc[i] += A[a + rowOffset[i] + k * aColStride] * bv;
        }
        for (int i = 0; i < R5_ROWS; i++) {
            if (row0 + i < M) C[cOffset + (b * M + row0 + i) * N + col] = acc[i];
        }
    }
}

/* ==================================================================== rung 6: explicit vectors (for CPUs)
 * Why rungs 1-5 run one lane at a time on PoCL: PoCL runs a work-group as a loop over its
 * work-items and leaves vectorising to LLVM, which vectorises innermost loops only. Every rung has
 * its loop over K inside, so the loop over work-items is never innermost and each work-item runs
 * scalar code (POCL_VECTORIZER_REMARKS=1 says "loop not vectorized"). Vector types need no
 * vectoriser: a float16 is one AVX-512 register and `acc += a * b` on float16 is one vfmadd231ps.
 * So this rung writes a CPU GEMM's micro-kernel by hand. A work-item owns a 12 x 32 tile of C, in
 * 24 float16 accumulators (24 of AVX-512's 32 vector registers). Per step of k it loads 32
 * columns of one row of B (2 vector loads), broadcasts the 12 values of A in column k of its rows
 * and does 24 vector FMAs: 14 loads per 24 FMAs, so the FMA units set the pace, not the loads.
 * No local memory and no barrier, on purpose: PoCL keeps a private variable that lives across a
 * barrier in memory, one copy per work-item, and an accumulator array in memory runs at a tenth
 * of the speed (measured: one barrier added to this kernel takes 1024^3 from ~140 to ~2 GFLOP/s).
 * The caches do the reuse instead: the 16 work-items of a group run one after the other on one
 * core and share the same 32 columns of B, which stay in L2 while A streams past.
 * Edges and strides: rows past M re-read A's last row and are not stored; a tile whose columns run
 * past N, or a B whose columns are not adjacent in memory (transposed), loads and stores its
 * values one by one: correct for every shape, fast for the common one.
 * Geometry: local (1, 16), global (ceil(N / 32), ceil(M / 12) rounded up to 16).
 * On a GPU a work-item would hold 384 accumulators, more than its registers: this rung is for CPUs
 * (the rung choice in MatmulOps; in CUDA a float16 is a struct of 16 floats, see cuda_prelude.h). */
#define R6_ROWS 12          /* rows of C per work-item: each gets one broadcast value of A per step */
#define R6_VECS 2           /* float16 vectors per row: 32 columns of C per work-item */
#define R6_COLS (16 * R6_VECS)

#ifndef ALWAYS_INLINE
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#endif

/* Columns col .. col + 15 of one row of op(B). `contiguous` (a literal at each call site) says they
 * are adjacent in memory and inside the matrix: one vector load. Otherwise one value at a time,
 * with zeros past the last column. */
INLINE_FUNC float16 load_cols16(__global const float* row, int col, int cols, int colStride, int contiguous) {
    if (contiguous) return vload16(0, row + col);
    float part[16];
    for (int j = 0; j < 16; j++) part[j] = col + j < cols ? row[(col + j) * colStride] : 0.0f;
    return vload16(0, part);
}

/* Stores v to columns col .. col + 15 of a row of C, dropping those past the last column. */
INLINE_FUNC void store_cols16(float16 v, __global float* row, int col, int cols) {
    if (col + 16 <= cols) {
        vstore16(v, 0, row + col);
        return;
    }
    float part[16];
    vstore16(v, 0, part);
    for (int j = 0; col + j < cols; j++) row[col + j] = part[j];
}

/* acc = the work-item's tile of one product, rows row0.. and columns col0.. . The kernel calls it
 * twice, with contiguous = 1 and = 0; forced inlining makes two copies of the loop, and the fast
 * one has no test in it (a test inside the loop halves its speed). */
ALWAYS_INLINE void vector_tile(float16 acc[R6_ROWS][R6_VECS],
                               __global const float* a, const int* rowOffset, int aColStride,
                               __global const float* b, int bRowStride, int bColStride,
                               int col0, int N, int K, int contiguous) {
#pragma unroll
    for (int i = 0; i < R6_ROWS; i++)
#pragma unroll
        for (int j = 0; j < R6_VECS; j++) acc[i][j] = 0.0f;
    for (int k = 0; k < K; k++, b += bRowStride) {
        float16 bv[R6_VECS];
#pragma unroll
        for (int j = 0; j < R6_VECS; j++) bv[j] = load_cols16(b, col0 + 16 * j, N, bColStride, contiguous);
#pragma unroll
        for (int i = 0; i < R6_ROWS; i++) {
            float av = a[rowOffset[i] + k * aColStride];
#pragma unroll
            for (int j = 0; j < R6_VECS; j++) acc[i][j] += av * bv[j];
        }
    }
}

__kernel void matmul_vector(int M, int N, int K, int batch,
                            __global const float* A, int aOffset, int aBatchStride, int aRowStride, int aColStride,
                            __global const float* B, int bOffset, int bBatchStride, int bRowStride, int bColStride,
                            __global float* C, int cOffset) {
    int col0 = get_global_id(0) * R6_COLS;
    int row0 = get_global_id(1) * R6_ROWS;
    if (col0 >= N || row0 >= M) return;   /* safe: no barrier */
    int rowOffset[R6_ROWS];
    for (int i = 0; i < R6_ROWS; i++) rowOffset[i] = min(row0 + i, M - 1) * aRowStride;
    int contiguous = bColStride == 1 && col0 + R6_COLS <= N;
    for (int b = get_global_id(2); b < batch; b += get_global_size(2)) {
        __global const float* a = A + aOffset + b * aBatchStride;
        __global const float* bb = B + bOffset + b * bBatchStride;
        float16 acc[R6_ROWS][R6_VECS];
        if (contiguous) vector_tile(acc, a, rowOffset, aColStride, bb, bRowStride, 1, col0, N, K, 1);
        else vector_tile(acc, a, rowOffset, aColStride, bb, bRowStride, bColStride, col0, N, K, 0);
        __global float* c = C + cOffset + (b * M + row0) * N;
        for (int i = 0; i < R6_ROWS && row0 + i < M; i++, c += N)
            for (int j = 0; j < R6_VECS; j++) store_cols16(acc[i][j], c, col0 + 16 * j, N);
    }
}
