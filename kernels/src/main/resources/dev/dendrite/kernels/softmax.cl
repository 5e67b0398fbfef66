/*
 * softmax.cl: softmax and log-softmax along the middle axis of an [outer, len, inner] block,
 * read through a BlockView (offset and one stride per axis, so a slice or a transpose is read
 * where it lies) and written contiguous:  y_j = exp(x_j - m) / sum_k exp(x_k - m),   log y_j = x_j - m - log(sum_k exp(x_k - m)),
 * where m = max_k x_k. Subtracting the maximum changes nothing mathematically but keeps exp from
 * overflowing: the largest term becomes exp(0) = 1.
 *
 *   softmax_rows (inner == 1, long rows, e.g. logits [batch, classes]):
 *       one work-group of 256 per row. Three sweeps over the row, each work-item taking every
 *       256th element (neighbours read neighbours when the row is contiguous): the maximum and the sum are each combined
 *       across the group by a halving tree in local memory, then every item writes its outputs.
 *       Geometry: global = (outer * 256), local = (256).
 *
 *   softmax_cols (inner > 1, or short rows): one work-item per (o, i) makes the same three sweeps
 *       alone; consecutive work-items have consecutive i, so their reads are coalesced (for a
 *       view, as coalesced as its inner stride allows; the writes always are).
 *       Geometry: global = (outer * inner) rounded up to 256, local = (256).
 */
#define SOFTMAX_GROUP 256

/* Element (o, j, i) of the input is src[offset + o * outerStride + j * lenStride + i * innerStride]:
 * the view's offset and strides, in elements, packed by the host as four ints
 * (dev.dendrite.kernels.ViewArgs). */
typedef struct { int offset, outerStride, lenStride, innerStride; } BlockView;

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
    if (logOutput) {
        float logSum = log(s);
        for (int j = t; j < len; j += SOFTMAX_GROUP) y[j] = x[(long) j * step] - m - logSum;
    } else {
        float inv = 1.0f / s;
        for (int j = t; j < len; j += SOFTMAX_GROUP) y[j] = exp(x[(long) j * step] - m) * inv;
    }
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
    if (logOutput) {
        float logSum = log(s);
        for (int j = 0; j < len; j++) y[(long) j * inner] = x[(long) j * step] - m - logSum;
    } else {
        float inv = 1.0f / s;
        for (int j = 0; j < len; j++) y[(long) j * inner] = exp(x[(long) j * step] - m) * inv;
    }
}
