/*
 * softmax.cl: softmax and log-softmax along the middle axis of a contiguous [outer, len, inner]
 * block:  y_j = exp(x_j - m) / sum_k exp(x_k - m),   log y_j = x_j - m - log(sum_k exp(x_k - m)),
 * where m = max_k x_k. Subtracting the maximum changes nothing mathematically but keeps exp from
 * overflowing: the largest term becomes exp(0) = 1.
 *
 *   softmax_rows (inner == 1, long rows, e.g. logits [batch, classes]):
 *       one work-group of 256 per row. Three sweeps over the row, each work-item taking every
 *       256th element (neighbours read neighbours): the maximum and the sum are each combined
 *       across the group by a halving tree in local memory, then every item writes its outputs.
 *       Geometry: global = (outer * 256), local = (256).
 *
 *   softmax_cols (inner > 1, or short rows): one work-item per (o, i) makes the same three sweeps
 *       alone; consecutive work-items have consecutive i, so their reads are coalesced.
 *       Geometry: global = (outer * inner) rounded up to 256, local = (256).
 */
#define SOFTMAX_GROUP 256

__kernel void softmax_rows(int outer, int len, int logOutput, __global const float* src, __global float* dst) {
    __local float scratch[SOFTMAX_GROUP];
    int o = get_group_id(0);
    int t = get_local_id(0);
    __global const float* x = src + (long) o * len;
    __global float* y = dst + (long) o * len;

    /* 1. the maximum of the row */
    float m = x[0];
    for (int j = t; j < len; j += SOFTMAX_GROUP) m = fmax(m, x[j]);
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
    for (int j = t; j < len; j += SOFTMAX_GROUP) s += exp(x[j] - m);
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
        for (int j = t; j < len; j += SOFTMAX_GROUP) y[j] = x[j] - m - logSum;
    } else {
        float inv = 1.0f / s;
        for (int j = t; j < len; j += SOFTMAX_GROUP) y[j] = exp(x[j] - m) * inv;
    }
}

__kernel void softmax_cols(int outer, int len, int inner, int logOutput,
                           __global const float* src, __global float* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    __global const float* x = src + (long) o * len * inner + i;
    __global float* y = dst + (long) o * len * inner + i;

    float m = x[0];
    for (int j = 1; j < len; j++) m = fmax(m, x[(long) j * inner]);
    float s = 0.0f;
    for (int j = 0; j < len; j++) s += exp(x[(long) j * inner] - m);
    if (logOutput) {
        float logSum = log(s);
        for (int j = 0; j < len; j++) y[(long) j * inner] = x[(long) j * inner] - m - logSum;
    } else {
        float inv = 1.0f / s;
        for (int j = 0; j < len; j++) y[(long) j * inner] = exp(x[(long) j * inner] - m) * inv;
    }
}
