/*
 * attention.cl: fused scaled dot-product attention, out = softmax(scale * q k^T + mask) v, for
 * q [batch, tq, d], k [batch, tk, d], v [batch, tk, dv] (batch = batch x heads, all contiguous),
 * with an optional additive mask (a strided [batch, tq, tk] view, stride 0 where it broadcasts)
 * and an optional causal mask (key j hidden from query i when j > i). Beside each output row it
 * writes the row's log-sum-exp, lse = log(sum_j exp(s_j)), from which a backward pass recomputes
 * the probabilities (p_j = exp(s_j - lse)) without having stored them.
 *
 * The composition (matmul, softmax, matmul) writes the tq x tk scores to memory, reads them back
 * for the softmax, writes the probabilities and reads them again for the second product: for
 * T = 1024 that is 4 MiB per head, four times over, against 256 KiB of q, k, v and out. This
 * kernel never stores a score. The obstacle is the softmax: its denominator (and, for stability,
 * the maximum subtracted first) depends on every key, so it seems one must see all the scores
 * before weighting the first value row. The online softmax (Milakov and Gimelshein 2018; the
 * heart of FlashAttention, Dao et al. 2022) removes it. Keep, per query row, the running maximum
 * m of the scores seen so far, the running sum l = sum exp(s_j - m) and the running output
 * acc = sum exp(s_j - m) v_j. When a new block of keys arrives with a larger maximum m', the old
 * terms were all computed relative to m, and exp(s - m') = exp(s - m) * exp(m - m'): so both l and
 * acc are multiplied by the one correction factor exp(m - m') and the new terms added. After the
 * last key, out = acc / l and lse = m + log(l): exactly the softmax, with every exp argument <= 0.
 *
 *   attention_forward: one work-group of ATT_ROWS work-items per (head, block of ATT_ROWS query
 *       rows); each work-item owns one query row, held in registers (pre-multiplied by scale)
 *       with its running m, l and acc. The row, acc and the tiles' rows are float4s (rows padded
 *       with zeros to a multiple of 4): a CPU driver such as PoCL does not vectorise the inner
 *       loops of a kernel with barriers on its own, so the explicit vectors are its SIMD. The keys stream through local memory ATT_KEYS at a time:
 *       the group copies a tile of K and V (contiguous rows, so the copy is one coalesced run of
 *       ATT_KEYS * d floats), a barrier, then every work-item scores its row against the tile,
 *       takes the tile's maximum, rescales once per tile and accumulates the value rows; a barrier
 *       again before the next tile overwrites the first. Each K and V value loaded from global
 *       memory serves ATT_ROWS queries. With the causal mask the group stops at the tile holding
 *       its last query's diagonal (half the work of the full square, on average), and a work-item
 *       skips the keys after its own row. A tile whose every visible score is -inf (an additive
 *       mask hiding it) changes nothing: it is skipped rather than rescaled by exp(-inf - -inf).
 *       d and dv are at most ATT_MAX_D (AttentionShape.MAX_HEAD_DIM).
 *       Geometry: global = (batch * ceil(tq / ATT_ROWS) * ATT_ROWS), local = (ATT_ROWS).
 *
 * Run it: ./dendrite kernel attention --variant fused (and --variant composition, the same
 * attention through matmul and softmax, to compare).
 */
#define ATT_ROWS 32
#define ATT_KEYS 16
#define ATT_MAX_D 128

/*
 * Copies rows [first, first + n) of a row-major matrix of `width` columns into a __local tile, each
 * row zero-padded to 4 * width4 floats and multiplied by `factor`; work-item t of the ATT_ROWS
 * takes every ATT_ROWS-th float, so the group's reads are one coalesced run. (A macro, not a
 * helper: a __local pointer cannot be a parameter for CUDA, see the kernel-writing rules.)
 */
#define ATT_LOAD_TILE(tile, src, first, n, width, width4, factor, t) \
    for (int e_ = (t); e_ < (n) * 4 * (width4); e_ += ATT_ROWS) { \
        int r_ = e_ / (4 * (width4)), c_ = e_ - r_ * 4 * (width4); \
        tile[e_] = c_ < (width) ? (src)[(long) ((first) + r_) * (width) + c_] * (factor) : 0.0f; \
    }

#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

/*
 * Row `row` of a row-major matrix of `width` columns, times `factor`, into width4 float4s,
 * zero-padded past width; `staged` is a private array of ATT_MAX_D floats to go through.
 */
INLINE_FUNC void att_row4(float4* dst, __global const float* src, int row, int width, int width4, float factor,
                          float* staged) {
    for (int c = 0; c < 4 * width4; c++) staged[c] = c < width ? src[(long) row * width + c] * factor : 0.0f;
    for (int c4 = 0; c4 < width4; c4++) dst[c4] = vload4(c4, staged);
}

__kernel void attention_forward(int tq, int tk, int d, int dv, float scale, int causal,
                                __global const float* q, __global const float* k, __global const float* v,
                                int hasMask, __global const float* mask, int maskOffset,
                                int maskBatchStride, int maskRowStride, int maskColStride,
                                __global float* out, __global float* lse) {
    /* K and V rows padded to a multiple of 4 floats (zeros), so the loops below run on float4 */
    __local float kTile[ATT_KEYS * ATT_MAX_D];
    __local float vTile[ATT_KEYS * ATT_MAX_D];
    int t = get_local_id(0);
    int blocks = (tq + ATT_ROWS - 1) / ATT_ROWS;
    int b = get_group_id(0) / blocks;
    int i0 = (get_group_id(0) - b * blocks) * ATT_ROWS;
    int i = i0 + t;
    int active = i < tq;
    int d4 = (d + 3) / 4, dv4 = (dv + 3) / 4;

    /* this work-item's query row (times scale) and running output, as float4, zero-padded */
    float4 qv[ATT_MAX_D / 4];
    float4 av[ATT_MAX_D / 4];
    float staged[ATT_MAX_D];
    att_row4(qv, q, b * tq + (active ? i : 0), d, d4, scale, staged);
    for (int c = 0; c < 4 * dv4; c++) staged[c] = 0.0f;
    for (int c4 = 0; c4 < dv4; c4++) av[c4] = vload4(c4, staged);
    float m = -INFINITY;   /* running maximum of the scores seen */
    float l = 0.0f;        /* running sum of exp(s - m) */

    /* the same for the whole group, so every work-item meets every barrier */
    int keyEnd = causal ? min(tk, i0 + ATT_ROWS) : tk;
    __global const float* kb = k + (long) b * tk * d;
    __global const float* vb = v + (long) b * tk * dv;
    __global const float* mrow = mask + maskOffset + (long) b * maskBatchStride + (long) (active ? i : 0) * maskRowStride;

    for (int j0 = 0; j0 < keyEnd; j0 += ATT_KEYS) {
        int n = min(ATT_KEYS, keyEnd - j0);
        barrier(CLK_LOCAL_MEM_FENCE);   /* everyone is done with the previous tile */
        ATT_LOAD_TILE(kTile, kb, j0, n, d, d4, 1.0f, t)
        ATT_LOAD_TILE(vTile, vb, j0, n, dv, dv4, 1.0f, t)
        barrier(CLK_LOCAL_MEM_FENCE);   /* the tile is complete */

        int visible = causal ? min(n, i - j0 + 1) : n;
        if (active && visible > 0) {
            float s[ATT_KEYS];
            float tileMax = m;
            for (int jj = 0; jj < visible; jj++) {
                float dot = 0.0f;
                if (d4 > 0) {
                    float4 sum = qv[0] * vload4(jj * d4, kTile);
                    for (int c4 = 1; c4 < d4; c4++) sum += qv[c4] * vload4(jj * d4 + c4, kTile);
                    dot = (sum.x + sum.y) + (sum.z + sum.w);
                }
                if (hasMask) dot += mrow[(long) (j0 + jj) * maskColStride];
                s[jj] = dot;
                tileMax = fmax(tileMax, dot);
            }
            if (tileMax != -INFINITY) {
                float correction = exp(m - tileMax);   /* 0 on the first visible tile (m = -inf) */
                l *= correction;
                for (int c4 = 0; c4 < dv4; c4++) av[c4] *= correction;
                for (int jj = 0; jj < visible; jj++) {
                    float p = exp(s[jj] - tileMax);
                    l += p;
                    for (int c4 = 0; c4 < dv4; c4++) av[c4] += vload4(jj * dv4 + c4, vTile) * p;
                }
                m = tileMax;
            }
        }
    }

    if (active) {
        int row = b * tq + i;
        float inv = 1.0f / l;   /* l = 0 only when every key is hidden: NaN, as softmax gives */
        for (int c4 = 0; c4 < dv4; c4++) vstore4(av[c4], c4, staged);
        for (int c = 0; c < dv; c++) out[(long) row * dv + c] = tk == 0 ? 0.0f : staged[c] * inv;
        lse[row] = tk == 0 ? -INFINITY : m + log(l);
    }
}

/*
 * The backward pass, from q, k, v, the mask, the output and the log-sum-exp the forward pass
 * saved, and the output's gradient dO. With the probabilities recomputed as
 * p_ij = exp(s_ij - lse_i) (no running maximum needed now: lse is the final one), and
 * D_i = dO_i . out_i (= sum_j p_ij dO_i . v_j, the softmax rule's row term):
 *     dv_j = sum_i p_ij dO_i,   ds_ij = p_ij (dO_i . v_j - D_i),
 *     dq_i = scale sum_j ds_ij k_j,   dk_j = scale sum_i ds_ij q_i.
 * dq gathers over keys and dk, dv over queries. One kernel that owned a block of queries would
 * have to add its share of every key's dk and dv into memory that other groups add to as well
 * (atomics, and a sum whose order, and so whose rounding, changes from run to run). Instead each
 * gradient row has one owner, as in FlashAttention-2: two kernels, each recomputing the
 * probabilities it needs (the scores cost d multiply-adds each, the same as one of the products
 * they feed), so both sums are deterministic and need no scratch memory.
 *
 *   attention_backward_dq: the forward kernel's shape. One work-group of ATT_ROWS work-items per
 *       (head, block of ATT_ROWS query rows), a work-item per query row holding q_i (times scale),
 *       dO_i and its dq accumulator in float4 registers, D_i computed once at the start; K and V
 *       stream through local memory ATT_KEYS rows at a time, and for each key the work-item forms
 *       p, dp and ds and adds ds k_j. The causal mask stops the group at its last query's tile.
 *       Geometry: global = (batch * ceil(tq / ATT_ROWS) * ATT_ROWS), local = (ATT_ROWS).
 *   attention_backward_dkdv: the same with the roles of queries and keys swapped. One work-group
 *       per (head, block of ATT_ROWS key rows), a work-item per key row holding k_j, v_j and the
 *       dk and dv accumulators; Q (times scale) and dO stream through local memory ATT_KEYS rows
 *       at a time, with each row's lse and D (a few work-items compute the D of the tile's rows
 *       while the others copy). With the causal mask the group starts at its first key's row:
 *       earlier queries see none of its keys. Key rows that no query sees get 0.
 *       Geometry: global = (batch * ceil(tk / ATT_ROWS) * ATT_ROWS), local = (ATT_ROWS).
 *
 * Run them: ./dendrite kernel attention --variant backward (dq, dk and dv of the forward variants'
 * shape).
 */
__kernel void attention_backward_dq(int tq, int tk, int d, int dv, float scale, int causal,
                                    __global const float* q, __global const float* k, __global const float* v,
                                    int hasMask, __global const float* mask, int maskOffset,
                                    int maskBatchStride, int maskRowStride, int maskColStride,
                                    __global const float* out, __global const float* lse,
                                    __global const float* gradOut, __global float* dq) {
    __local float kTile[ATT_KEYS * ATT_MAX_D];
    __local float vTile[ATT_KEYS * ATT_MAX_D];
    int t = get_local_id(0);
    int blocks = (tq + ATT_ROWS - 1) / ATT_ROWS;
    int b = get_group_id(0) / blocks;
    int i0 = (get_group_id(0) - b * blocks) * ATT_ROWS;
    int i = i0 + t;
    int active = i < tq;
    int d4 = (d + 3) / 4, dv4 = (dv + 3) / 4;
    int row = b * tq + (active ? i : 0);

    /* q_i (times scale), dO_i and the dq accumulator, as float4, zero-padded */
    float4 qv[ATT_MAX_D / 4];
    float4 gv[ATT_MAX_D / 4];
    float4 acc[ATT_MAX_D / 4];
    float staged[ATT_MAX_D];
    att_row4(qv, q, row, d, d4, scale, staged);
    att_row4(gv, gradOut, row, dv, dv4, 1.0f, staged);
    float rowD = 0.0f;   /* D_i = dO_i . out_i */
    for (int c = 0; c < dv; c++) rowD += gradOut[(long) row * dv + c] * out[(long) row * dv + c];
    for (int c = 0; c < 4; c++) staged[c] = 0.0f;
    float4 zero = vload4(0, staged);
    for (int c4 = 0; c4 < d4; c4++) acc[c4] = zero;
    float rowLse = lse[row];

    int keyEnd = causal ? min(tk, i0 + ATT_ROWS) : tk;   /* the same for the whole group */
    __global const float* kb = k + (long) b * tk * d;
    __global const float* vb = v + (long) b * tk * dv;
    __global const float* mrow = mask + maskOffset + (long) b * maskBatchStride + (long) (active ? i : 0) * maskRowStride;

    for (int j0 = 0; j0 < keyEnd; j0 += ATT_KEYS) {
        int n = min(ATT_KEYS, keyEnd - j0);
        barrier(CLK_LOCAL_MEM_FENCE);   /* everyone is done with the previous tile */
        ATT_LOAD_TILE(kTile, kb, j0, n, d, d4, 1.0f, t)
        ATT_LOAD_TILE(vTile, vb, j0, n, dv, dv4, 1.0f, t)
        barrier(CLK_LOCAL_MEM_FENCE);   /* the tile is complete */

        int visible = causal ? min(n, i - j0 + 1) : n;
        for (int jj = 0; active && jj < visible; jj++) {
            float4 sum = zero;
            for (int c4 = 0; c4 < d4; c4++) sum += qv[c4] * vload4(jj * d4 + c4, kTile);
            float s = (sum.x + sum.y) + (sum.z + sum.w);
            if (hasMask) s += mrow[(long) (j0 + jj) * maskColStride];
            float p = exp(s - rowLse);
            float4 dot = zero;
            for (int c4 = 0; c4 < dv4; c4++) dot += gv[c4] * vload4(jj * dv4 + c4, vTile);
            float ds = p * (((dot.x + dot.y) + (dot.z + dot.w)) - rowD);
            for (int c4 = 0; c4 < d4; c4++) acc[c4] += vload4(jj * d4 + c4, kTile) * ds;
        }
    }

    if (active) {
        for (int c4 = 0; c4 < d4; c4++) vstore4(acc[c4] * scale, c4, staged);
        for (int c = 0; c < d; c++) dq[(long) row * d + c] = staged[c];
    }
}

__kernel void attention_backward_dkdv(int tq, int tk, int d, int dv, float scale, int causal,
                                      __global const float* q, __global const float* k, __global const float* v,
                                      int hasMask, __global const float* mask, int maskOffset,
                                      int maskBatchStride, int maskRowStride, int maskColStride,
                                      __global const float* out, __global const float* lse,
                                      __global const float* gradOut,
                                      int hasDk, __global float* dk, int hasDv, __global float* dvOut) {
    __local float qTile[ATT_KEYS * ATT_MAX_D];   /* query rows, times scale */
    __local float gTile[ATT_KEYS * ATT_MAX_D];   /* their output gradients */
    __local float lseTile[ATT_KEYS];
    __local float dTile[ATT_KEYS];               /* their D = dO . out */
    int t = get_local_id(0);
    int blocks = (tk + ATT_ROWS - 1) / ATT_ROWS;
    int b = get_group_id(0) / blocks;
    int j0 = (get_group_id(0) - b * blocks) * ATT_ROWS;
    int j = j0 + t;
    int active = j < tk;
    int d4 = (d + 3) / 4, dv4 = (dv + 3) / 4;
    int key = b * tk + (active ? j : 0);

    /* k_j, v_j and the dk and dv accumulators, as float4, zero-padded */
    float4 kv[ATT_MAX_D / 4];
    float4 vv[ATT_MAX_D / 4];
    float4 dkAcc[ATT_MAX_D / 4];
    float4 dvAcc[ATT_MAX_D / 4];
    float staged[ATT_MAX_D];
    att_row4(kv, k, key, d, d4, 1.0f, staged);
    att_row4(vv, v, key, dv, dv4, 1.0f, staged);
    for (int c = 0; c < 4; c++) staged[c] = 0.0f;
    float4 zero = vload4(0, staged);
    for (int c4 = 0; c4 < d4; c4++) dkAcc[c4] = zero;
    for (int c4 = 0; c4 < dv4; c4++) dvAcc[c4] = zero;

    int queryStart = causal ? min(tq, j0) : 0;   /* the same for the whole group */
    __global const float* qb = q + (long) b * tq * d;
    __global const float* gb = gradOut + (long) b * tq * dv;
    __global const float* mcol = mask + maskOffset + (long) b * maskBatchStride + (long) (active ? j : 0) * maskColStride;

    for (int i0 = queryStart; i0 < tq; i0 += ATT_KEYS) {
        int n = min(ATT_KEYS, tq - i0);
        barrier(CLK_LOCAL_MEM_FENCE);   /* everyone is done with the previous tile */
        ATT_LOAD_TILE(qTile, qb, i0, n, d, d4, scale, t)
        ATT_LOAD_TILE(gTile, gb, i0, n, dv, dv4, 1.0f, t)
        for (int ii = t; ii < n; ii += ATT_ROWS) {
            int row = b * tq + i0 + ii;
            float rowD = 0.0f;
            for (int c = 0; c < dv; c++) rowD += gradOut[(long) row * dv + c] * out[(long) row * dv + c];
            dTile[ii] = rowD;
            lseTile[ii] = lse[row];
        }
        barrier(CLK_LOCAL_MEM_FENCE);   /* the tile is complete */

        int first = causal ? max(0, j - i0) : 0;   /* query i sees key j when i >= j */
        for (int ii = first; active && ii < n; ii++) {
            float4 sum = zero;
            for (int c4 = 0; c4 < d4; c4++) sum += kv[c4] * vload4(ii * d4 + c4, qTile);
            float s = (sum.x + sum.y) + (sum.z + sum.w);
            if (hasMask) s += mcol[(long) (i0 + ii) * maskRowStride];
            float p = exp(s - lseTile[ii]);
            float4 dot = zero;
            for (int c4 = 0; c4 < dv4; c4++) {
                float4 g = vload4(ii * dv4 + c4, gTile);
                dvAcc[c4] += g * p;
                dot += g * vv[c4];
            }
            float ds = p * (((dot.x + dot.y) + (dot.z + dot.w)) - dTile[ii]);
            for (int c4 = 0; c4 < d4; c4++) dkAcc[c4] += vload4(ii * d4 + c4, qTile) * ds;
        }
    }

    if (active && hasDk) {
        for (int c4 = 0; c4 < d4; c4++) vstore4(dkAcc[c4], c4, staged);
        for (int c = 0; c < d; c++) dk[(long) key * d + c] = staged[c];
    }
    if (active && hasDv) {
        for (int c4 = 0; c4 < dv4; c4++) vstore4(dvAcc[c4], c4, staged);
        for (int c = 0; c < dv; c++) dvOut[(long) key * dv + c] = staged[c];
    }
}
