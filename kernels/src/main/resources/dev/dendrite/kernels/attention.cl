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
    __global const float* qi = q + ((long) b * tq + (active ? i : 0)) * d;
    for (int c = 0; c < 4 * d4; c++) staged[c] = c < d ? qi[c] * scale : 0.0f;
    for (int c4 = 0; c4 < d4; c4++) qv[c4] = vload4(c4, staged);
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
        for (int e = t; e < n * 4 * d4; e += ATT_ROWS) {
            int jj = e / (4 * d4), c = e - jj * 4 * d4;
            kTile[e] = c < d ? kb[(long) (j0 + jj) * d + c] : 0.0f;
        }
        for (int e = t; e < n * 4 * dv4; e += ATT_ROWS) {
            int jj = e / (4 * dv4), c = e - jj * 4 * dv4;
            vTile[e] = c < dv ? vb[(long) (j0 + jj) * dv + c] : 0.0f;
        }
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
