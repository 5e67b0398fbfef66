/*
 * index.cl: selecting and accumulating along the middle axis of [outer, len, inner] blocks with
 * int32 indices (embeddings, cross-entropy, one-hot and their gradients).
 *
 * The value operand src is read through a BlockView (offset and one stride per axis: src[o][j][i]
 * is src[offset + o * outerStride + j * lenStride + i * innerStride]), so a slice or a transpose
 * needs no copy; idx and dst are contiguous.
 *
 *   index_select  dst[o][j][i] = src[o][idx[j]][i]           one work-item per dst element
 *   gather        dst[o][j][i] = src[o][idx[o][j][i]][i]     one work-item per dst element
 *   index_add     dst[o][idx[j]][i] += src[o][j][i]          one work-item per (o, i) column
 *   scatter_add   dst[o][idx[o][j][i]][i] += src[o][j][i]    one work-item per (o, i) column
 *
 * Geometry: 1-D, local 256, global = (elements or columns) rounded up to 256.
 *
 * The idea behind the *_add kernels: repeated indices make several sources land on the same
 * destination, which in parallel would need atomic float adds (not in core OpenCL 1.2, and
 * nondeterministic in their order). But two sources can only collide inside the same (o, i)
 * column, so giving each column to one work-item, which walks j in order, avoids every race and
 * gives the same sums, in the same order, as a sequential loop. Consecutive work-items own
 * consecutive i, so each step of j still reads and writes consecutive addresses (for a view,
 * reads inner-stride apart).
 */
#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

/* Packed by the host as four ints (dev.dendrite.kernels.ViewArgs): the view's offset and strides. */
typedef struct { int offset, outerStride, lenStride, innerStride; } BlockView;

/* Where element (o, j, i) of the view lies in its buffer. */
INLINE_FUNC int at(BlockView v, int o, int j, int i) {
    return v.offset + o * v.outerStride + j * v.lenStride + i * v.innerStride;
}

__kernel void index_select(int outer, int len, int inner, int count, BlockView v,
                           __global const float* src, __global const int* idx, __global float* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * count * inner) return;
    int i = gid % inner, j = (gid / inner) % count, o = gid / (inner * count);
    dst[gid] = src[at(v, o, idx[j], i)];
}

__kernel void gather(int outer, int len, int inner, int count, BlockView v,
                     __global const float* src, __global const int* idx, __global float* dst) {
    int gid = get_global_id(0);
    if (gid >= outer * count * inner) return;
    int i = gid % inner, o = gid / (inner * count);
    dst[gid] = src[at(v, o, idx[gid], i)];
}

__kernel void index_add(int outer, int len, int inner, int count, BlockView v,
                        __global float* dst, __global const int* idx, __global const float* src) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    for (int j = 0; j < count; j++) dst[(o * len + idx[j]) * inner + i] += src[at(v, o, j, i)];
}

__kernel void scatter_add(int outer, int len, int inner, int count, BlockView v,
                          __global float* dst, __global const int* idx, __global const float* src) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int i = gid % inner, o = gid / inner;
    for (int j = 0; j < count; j++) {
        int k = (o * count + j) * inner + i;   /* idx is contiguous [outer, count, inner] */
        dst[(o * len + idx[k]) * inner + i] += src[at(v, o, j, i)];
    }
}
