/*
 * reduce.cl: sum, mean, max, min and argmax along the middle axis of an [outer, len, inner]
 * block, read through a BlockView: its offset and one stride per axis, so a slice or a transpose
 * of a tensor is reduced where it lies, with no copy first (a contiguous block has strides
 * (len * inner, inner, 1)).
 *
 * The ladder (dev.dendrite.kernels.ReduceKernel), three rungs, each kept and tested:
 *
 *   rung 1, item   (reduce_cols): one work-item per output (o, i) walks j = 0..len-1 alone.
 *           For inner > 1 the work-items of a group have consecutive i, so at every step j they
 *           read addresses inner-stride apart (consecutive for a contiguous block: a coalesced
 *           read). For inner == 1 it is one work-item per row.
 *           Why it is fast: no local memory and no barrier, so on a CPU driver PoCL wraps the
 *           work-items in a loop and vectorises across them (16 rows per AVX-512 instruction);
 *           on a GPU it is right for columns and for many short rows.
 *           Geometry: global = (outer * chunks * inner) rounded up to 256, local = (256).
 *
 *   rung 2, tree   (reduce_rows, inner == 1): one work-group of REDUCE_GROUP work-items per
 *           output: each work-item folds a strided slice of the row (item t takes t, t + 256,
 *           t + 512, ...: neighbours read neighbours), then the group combines its 256 partial
 *           results in local memory by halving: 128 add the other 128, 64 add 64, ...
 *           Why it is fast: on a GPU 256 threads share one long row (8 barriers for 256 values
 *           instead of 255 sequential steps) and every read is coalesced. On PoCL it is the slow
 *           rung: the work-items of a group run one after another between barriers, so a row
 *           of 676 costs 256 loop starts and 9 barrier regions.
 *           Geometry: global = (groups * 256), local = (256); group g reduces output g / chunks.
 *
 *   rung 3, vector (reduce_rows_vec8, inner == 1 and unit-stride rows): one work-item per row
 *           (or chunk of a row) reads it eight floats at a time with vload8 into a float8
 *           accumulator (SUM, MEAN) or eight lanes (MAX, MIN), folds the lanes at the end and
 *           the tail (len % 8) one by one.
 *           Why it is fast: explicit vectors are always vector instructions on a CPU driver, and
 *           each load is eight contiguous floats of one row (rung 1 on PoCL gathers 16 rows a
 *           column at a time); no barrier, no local memory. On a GPU a work-item per row leaves
 *           most threads idle unless rows are many: there rung 2 stays.
 *           Geometry: global = (outer * chunks) rounded up to 256, local = (256).
 *
 * The rule (ReduceKernel.choose, written out in kernels/README.md): inner > 1 or rows shorter than
 * 64: rung 1. Otherwise on a CPU driver rung 3 for unit-stride rows and rung 1 for strided ones;
 * on a GPU rung 2.
 *
 * Run: ./dendrite kernel reduce --variant sum-vector (and --variant sum-item, --variant sum-tree,
 * the max-* twins; sum is the device's choice).
 *
 * Long reductions with few outputs (a full sum of a million elements) would leave most of the
 * device idle, so the host may split len into `chunks` pieces of chunkLen elements: a first pass
 * writes [outer, chunks, inner] partial results and a second pass reduces those (see
 * dev.dendrite.kernels.ReducePlan): the two-pass form of every rung. Argmax is always one pass,
 * argmax_rows (a tree) for rows of 64 and more on a GPU, argmax_cols (a work-item per output)
 * otherwise.
 *
 * `divisor` is 1 for SUM/MAX/MIN and len for MEAN (applied once, in the last pass). With
 * `accumulate` set the result is added to dst instead of replacing it (convolution weight
 * gradients use it to sum over batch chunks).
 */
#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

#define REDUCE_GROUP 256

/* Element (o, j, i) of the input is src[offset + o * outerStride + j * lenStride + i * innerStride]:
 * the view's offset and strides, in elements, packed by the host as four ints
 * (dev.dendrite.kernels.ViewArgs). */
typedef struct { int offset, outerStride, lenStride, innerStride; } BlockView;

#define REDUCE_SUM  0
#define REDUCE_MEAN 1
#define REDUCE_MAX  2
#define REDUCE_MIN  3

/* MAX and MIN propagate NaN, as Java's Math.max/min do. */
INLINE_FUNC float combine(int op, float acc, float v) {
    if (op == REDUCE_MAX) return (v > acc || v != v) ? v : acc;
    if (op == REDUCE_MIN) return (v < acc || v != v) ? v : acc;
    return acc + v;
}

/* Output (o, c, i) of a pass: dst index (o * chunks + c) * inner + i. */
INLINE_FUNC void store(__global float* dst, int at, float value, float divisor, int accumulate) {
    float r = value / divisor;
    if (accumulate) dst[at] += r; else dst[at] = r;
}

__kernel void reduce_rows(int op, int outer, int len, int chunkLen, float divisor, int accumulate,
                          BlockView v, __global const float* src, __global float* dst) {
    __local float partial[REDUCE_GROUP];
    int chunks = (len + chunkLen - 1) / chunkLen;
    int g = get_group_id(0);
    int t = get_local_id(0);
    int o = g / chunks, c = g % chunks;
    int begin = c * chunkLen;
    int end = min(len, begin + chunkLen);
    __global const float* row = src + v.offset + (long) o * v.outerStride;

    /* Every chunk holds at least one element, so start from a real value (no -infinity needed). */
    float acc = row[(long) begin * v.lenStride];
    int first = begin + t;
    if (op == REDUCE_SUM || op == REDUCE_MEAN) acc = 0.0f;
    for (int j = first; j < end; j += REDUCE_GROUP) acc = combine(op, acc, row[(long) j * v.lenStride]);
    partial[t] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int width = REDUCE_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) partial[t] = combine(op, partial[t], partial[t + width]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) store(dst, g, partial[0], divisor, accumulate);
}

__kernel void reduce_cols(int op, int outer, int len, int inner, int chunkLen, float divisor, int accumulate,
                          BlockView v, __global const float* src, __global float* dst) {
    int chunks = (len + chunkLen - 1) / chunkLen;
    int gid = get_global_id(0);
    if (gid >= outer * chunks * inner) return;
    int i = gid % inner;
    int oc = gid / inner;                /* o * chunks + c */
    int o = oc / chunks, c = oc % chunks;
    int begin = c * chunkLen;
    int end = min(len, begin + chunkLen);
    __global const float* col = src + v.offset + (long) o * v.outerStride + (long) i * v.innerStride;

    float acc = col[(long) begin * v.lenStride];
    if (op == REDUCE_SUM || op == REDUCE_MEAN) acc = 0.0f; else begin++;
    for (int j = begin; j < end; j++) acc = combine(op, acc, col[(long) j * v.lenStride]);
    store(dst, gid, acc, divisor, accumulate);
}

__kernel void reduce_rows_vec8(int op, int outer, int len, int chunkLen, float divisor, int accumulate,
                               BlockView v, __global const float* src, __global float* dst) {
    int chunks = (len + chunkLen - 1) / chunkLen;
    int gid = get_global_id(0);
    if (gid >= outer * chunks) return;
    int o = gid / chunks, c = gid % chunks;
    int begin = c * chunkLen;
    int end = min(len, begin + chunkLen);
    /* the row is unit-stride (the host chooses this rung only then): element j is row[j] */
    __global const float* row = src + v.offset + (long) o * v.outerStride;
    int full = begin + (end - begin) / 8 * 8;   /* [begin, full) in eights, [full, end) one by one */
    float acc;
    if (op == REDUCE_SUM || op == REDUCE_MEAN) {
        float8 sum8 = 0.0f;
        for (int j = begin; j < full; j += 8) sum8 += vload8(0, row + j);
        float lanes[8];
        vstore8(sum8, 0, lanes);
        acc = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        for (int j = full; j < end; j++) acc += row[j];
    } else {
        /* MAX, MIN: eight running lanes, each started from a real value (the chunk's first) */
        float best[8];
        float lanes[8];
        for (int k = 0; k < 8; k++) best[k] = row[begin];
        for (int j = begin; j < full; j += 8) {
            vstore8(vload8(0, row + j), 0, lanes);
            for (int k = 0; k < 8; k++) best[k] = combine(op, best[k], lanes[k]);
        }
        acc = row[begin];
        for (int k = 0; k < 8; k++) acc = combine(op, acc, best[k]);
        for (int j = full; j < end; j++) acc = combine(op, acc, row[j]);
    }
    store(dst, gid, acc, divisor, accumulate);
}

/* ---------------------------------------------------------------- argmax (first maximum) */

__kernel void argmax_rows(int outer, int len, BlockView v, __global const float* src, __global int* dst) {
    __local float best[REDUCE_GROUP];
    __local int bestAt[REDUCE_GROUP];
    int o = get_group_id(0);
    int t = get_local_id(0);
    __global const float* row = src + v.offset + (long) o * v.outerStride;

    /* Work-items past the end of a short row start with index len, which never wins a tie. */
    float b = row[0];
    int at = len;
    for (int j = t; j < len; j += REDUCE_GROUP) {
        float x = row[(long) j * v.lenStride];
        if (at == len || x > b) { b = x; at = j; }
    }
    best[t] = b;
    bestAt[t] = at;
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int width = REDUCE_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) {
            float x = best[t + width];
            int xAt = bestAt[t + width];
            /* the larger value wins; on a tie, the smaller index (the first maximum) */
            if (xAt < len && (bestAt[t] == len || x > best[t] || (x == best[t] && xAt < bestAt[t]))) {
                best[t] = x;
                bestAt[t] = xAt;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) dst[o] = bestAt[0];
}

__kernel void argmax_cols(int outer, int len, int inner, BlockView v, __global const float* src,
                          __global int* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    __global const float* col = src + v.offset + (long) o * v.outerStride + (long) i * v.innerStride;
    float b = col[0];
    int at = 0;
    for (int j = 1; j < len; j++) {
        float x = col[(long) j * v.lenStride];
        if (x > b) { b = x; at = j; }
    }
    dst[gid] = at;
}
