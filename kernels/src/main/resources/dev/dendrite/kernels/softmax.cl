/*
 * softmax.cl: softmax and log-softmax along the middle axis of an [outer, len, inner] block,
 * read through a BlockView (offset and one stride per axis, so a slice or a transpose is read
 * where it lies) and written contiguous:  y_j = exp(x_j - m) / sum_k exp(x_k - m),   log y_j = x_j - m - log(sum_k exp(x_k - m)),
 * where m = max_k x_k. Subtracting the maximum changes nothing mathematically but keeps exp from
 * overflowing: the largest term becomes exp(0) = 1.
 *
 * The ladder (dev.dendrite.kernels.SoftmaxKernel), two rungs, each in two shapes: a work-group
 * per row with a tree (*_rows: inner == 1, for long rows on a GPU) and a work-item per (o, i)
 * walking the axis alone (*_cols: columns, short rows, and rows on a CPU driver, where a barrier
 * makes PoCL run a group's work-items one after another instead of vectorising across them).
 *
 *   rung 1, sweeps (softmax_rows, softmax_cols): three sweeps over the axis: the maximum, the
 *       sum of exp(x - m), then the outputs. softmax_rows: one work-group of 256 per row, each
 *       work-item taking every 256th element (neighbours read neighbours when the row is
 *       contiguous); the maximum and the sum are each combined across the group by a halving tree
 *       in local memory (two trees, 16 barriers). softmax_cols: one work-item per (o, i) makes the
 *       same three sweeps alone; consecutive work-items have consecutive i, so their reads are
 *       coalesced (for a view, as coalesced as its inner stride allows; the writes always are).
 *
 *   rung 2, online (softmax_online_rows, softmax_online_cols): the maximum and the sum in ONE
 *       sweep: a running maximum m and a sum s of exp(x - m) that is rescaled by exp(m_old - m_new)
 *       whenever the maximum grows (Milakov and Gimelshein, "Online normalizer calculation for
 *       softmax", 2018); then one normalising sweep. Two partial results (m1, s1), (m2, s2)
 *       combine as M = max(m1, m2), s = s1 exp(m1 - M) + s2 exp(m2 - M), so the rows kernel needs
 *       one tree of pairs (8 barriers) instead of two.
 *       Why it is faster: the axis is read twice instead of three times (a softmax is bound by
 *       memory, not by the one exp per element, which both rungs compute: the online update uses
 *       exp(-|x - m|) once, for the rescale or for the new term), and half the barriers.
 *
 * Geometry: *_rows: global = (outer * 256), local = (256). *_cols: global = (outer * inner)
 * rounded up to 256, local = (256).
 *
 *       On a CPU driver the exps, not memory, bound it: there the runner measures the two rungs
 *       level in the work-item shape, and the online tree slower than the sweeps' tree.
 *
 * The rule (SoftmaxKernel.tree and .choose, in kernels/README.md): the tree for inner == 1 and
 * rows of 64 or more on a GPU, or on a CPU driver when there are fewer than 64 rows to spread over
 * work-items; the work-item shape otherwise. Rung 2 everywhere but the tree on a CPU driver.
 *
 * Run: ./dendrite kernel softmax --variant rows-online (and --variant rows-sweeps,
 * --variant rows-tree-online, --variant rows-tree-sweeps; rows is the device's choice).
 */
#define SOFTMAX_GROUP 256

/* Element (o, j, i) of the input is src[offset + o * outerStride + j * lenStride + i * innerStride]:
 * the view's offset and strides, in elements, packed by the host as four ints
 * (dev.dendrite.kernels.ViewArgs). */
typedef struct { int offset, outerStride, lenStride, innerStride; } BlockView;

#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

/* The last sweep of both rungs: y_j = exp(x_j - m) / s, or x_j - m - log(s) for log-softmax, for
 * j = first, first + stride, ... < len; x_j is x[j * step], y_j is y[j * yStep]. */
INLINE_FUNC void normalise(__global const float* x, int step, __global float* y, int yStep, int first, int stride,
                           int len, float m, float s, int logOutput) {
    if (logOutput) {
        float logSum = log(s);
        for (int j = first; j < len; j += stride) y[(long) j * yStep] = x[(long) j * step] - m - logSum;
    } else {
        float inv = 1.0f / s;
        for (int j = first; j < len; j += stride) y[(long) j * yStep] = exp(x[(long) j * step] - m) * inv;
    }
}

__kernel void softmax_rows(int outer, int len, int logOutput, BlockView v, __global const float* src,
                           __global float* dst) {
    __local float scratch[SOFTMAX_GROUP];
    int o = get_group_id(0);
    int t = get_local_id(0);
    __global const float* x = src + v.offset + (long) o * v.outerStride;
    __global float* y = dst + (long) o * len;
    int step = v.lenStride;   /* x[j * step] is element j of the row */

    /* 1. the maximum of the row */
    float m = x[0];
    for (int j = t; j < len; j += SOFTMAX_GROUP) m = fmax(m, x[(long) j * step]);
    scratch[t] = m;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = SOFTMAX_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) scratch[t] = fmax(scratch[t], scratch[t + width]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    m = scratch[0];
    barrier(CLK_LOCAL_MEM_FENCE);   /* everyone has read scratch[0] before it is reused */

    /* 2. the sum of exp(x - m) */
    float s = 0.0f;
    for (int j = t; j < len; j += SOFTMAX_GROUP) s += exp(x[(long) j * step] - m);
    scratch[t] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = SOFTMAX_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) scratch[t] += scratch[t + width];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    s = scratch[0];

    /* 3. the outputs */
    normalise(x, step, y, 1, t, SOFTMAX_GROUP, len, m, s, logOutput);
}

__kernel void softmax_cols(int outer, int len, int inner, int logOutput, BlockView v,
                           __global const float* src, __global float* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    __global const float* x = src + v.offset + (long) o * v.outerStride + (long) i * v.innerStride;
    __global float* y = dst + (long) o * len * inner + i;
    int step = v.lenStride;

    float m = x[0];
    for (int j = 1; j < len; j++) m = fmax(m, x[(long) j * step]);
    float s = 0.0f;
    for (int j = 0; j < len; j++) s += exp(x[(long) j * step] - m);
    normalise(x, step, y, inner, 0, 1, len, m, s, logOutput);
}

/* ---------------------------------------------------------------- rung 2: online softmax */

/* Adds x to the running (m, s): s is the sum of exp(x_k - m) over the values seen so far. One exp:
 * exp(-|x - m|) is the new term when x <= m, and the rescale of the old sum when x is the new
 * maximum (its own term is then exp(0) = 1). Selects, not a branch: the compiler turns them into
 * blends, so PoCL keeps the loop vectorised across work-items. */
#define ONLINE_ADD(m, s, x) do { \
        float d_ = (x) - (m); \
        float e_ = exp(-fabs(d_)); \
        int up_ = d_ > 0.0f; \
        (s) = up_ ? (s) * e_ + 1.0f : (s) + e_; \
        (m) = up_ ? (x) : (m); \
    } while (0)

__kernel void softmax_online_rows(int outer, int len, int logOutput, BlockView v, __global const float* src,
                                  __global float* dst) {
    __local float scratchM[SOFTMAX_GROUP];
    __local float scratchS[SOFTMAX_GROUP];
    int o = get_group_id(0);
    int t = get_local_id(0);
    __global const float* x = src + v.offset + (long) o * v.outerStride;
    __global float* y = dst + (long) o * len;
    int step = v.lenStride;

    /* 1. the maximum and the sum together. A work-item past the end of a short row holds
     * (x[0], 0): a real maximum with an empty sum, which adds nothing when combined. */
    float m = x[0];
    float s = 0.0f;
    for (int j = t; j < len; j += SOFTMAX_GROUP) {
        float xj = x[(long) j * step];
        ONLINE_ADD(m, s, xj);
    }
    scratchM[t] = m;
    scratchS[t] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = SOFTMAX_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) {
            float m1 = scratchM[t], m2 = scratchM[t + width];
            float mm = fmax(m1, m2);
            scratchS[t] = scratchS[t] * exp(m1 - mm) + scratchS[t + width] * exp(m2 - mm);
            scratchM[t] = mm;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    m = scratchM[0];
    s = scratchS[0];

    /* 2. the outputs */
    normalise(x, step, y, 1, t, SOFTMAX_GROUP, len, m, s, logOutput);
}

__kernel void softmax_online_cols(int outer, int len, int inner, int logOutput, BlockView v,
                                  __global const float* src, __global float* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    __global const float* x = src + v.offset + (long) o * v.outerStride + (long) i * v.innerStride;
    __global float* y = dst + (long) o * len * inner + i;
    int step = v.lenStride;

    float m = x[0];
    float s = 0.0f;
    for (int j = 0; j < len; j++) {
        float xj = x[(long) j * step];
        ONLINE_ADD(m, s, xj);
    }
    normalise(x, step, y, inner, 0, 1, len, m, s, logOutput);
}
