/*
 * pool.cl: 2-D max and average pooling, forward and backward, on NCHW tensors.
 *
 * Geometry of every kernel (LaunchGeometry.planes): 3-D, one work-item per element written,
 * dimension 0 over the column (w or ow), 1 over the row (h or oh), 2 over the plane
 * (b * channels + c), counted from planeBase (the host launches again beyond 65535 planes, CUDA's
 * grid limit). The coordinates come from the launch, so no work-item divides a flat index
 * (integer division per element measured slower than the pooling itself on PoCL); the forward
 * kernels divide once, the plane by the channel count, to address their input view.
 *
 * The idea for the backward passes: written as gathers. A scatter ("each output gradient adds
 * itself to its window's inputs") would need atomic adds where windows overlap; instead each
 * work-item owns one input element and sums the gradients of the few output windows that cover
 * it. Every address is written by exactly one work-item, so the result is deterministic and the
 * kernel also writes the zeros (the contract says gradInput is written in full). When windows do
 * not overlap (stride >= window, the usual 2 x 2 / 2 pooling) an input lies in at most one
 * window, so max pooling can scatter after all: zero gradInput, then each output writes its
 * gradient to the input that won (maxpool_backward_scatter), with no loop at all.
 *
 * The forward kernels read their input through an NchwView (offset and one stride per axis), so
 * a slice or a permutation of a tensor is pooled where it lies. Outputs, argmax and the backward
 * passes are contiguous. argmax is a logical position (h * inW + w) whatever the view.
 *
 * Window of output (oh, ow): input rows oh * strideH - padH .. + kH - 1, likewise columns.
 * Max pooling treats padding as -infinity: a window always holds at least one real element
 * (padding is at most half the window), and the first maximum wins ties.
 * Average pooling counts padding as zeros and always divides by kH * kW (PyTorch's default).
 */

/* The output windows covering input coordinate x (along one axis): oh in [first, last]. */
#define FIRST_WINDOW(x, pad, k, stride) (((x) + (pad) - (k) + 1) <= 0 ? 0 : ((x) + (pad) - (k) + (stride)) / (stride))
#define LAST_WINDOW(x, pad, stride, out) min(((x) + (pad)) / (stride), (out) - 1)

/* Element (b, c, h, w) of an input is
 * input[offset + b * nStride + c * cStride + h * hStride + w * wStride]: the view's offset and
 * strides, in elements, packed by the host as five ints (dev.dendrite.kernels.ViewArgs). */
typedef struct { int offset, nStride, cStride, hStride, wStride; } NchwView;

__kernel void maxpool_forward(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                              int padH, int padW, int outH, int outW, int planeBase, int channels, NchwView v,
                              __global const float* input, __global float* output, __global int* argmax) {
    int ow = get_global_id(0), oh = get_global_id(1), plane = planeBase + get_global_id(2);
    if (ow >= outW || oh >= outH || plane >= planes) return;
    int gid = (plane * outH + oh) * outW + ow;
    int b = plane / channels, c = plane - b * channels;
    __global const float* in = input + v.offset + (long) b * v.nStride + (long) c * v.cStride;
    int h0 = oh * strideH - padH, w0 = ow * strideW - padW;
    float best = 0.0f;
    int bestAt = -1;
    for (int kh = 0; kh < kH; kh++) {
        int h = h0 + kh;
        if (h < 0 || h >= inH) continue;
        for (int kw = 0; kw < kW; kw++) {
            int w = w0 + kw;
            if (w < 0 || w >= inW) continue;
            float x = in[h * v.hStride + w * v.wStride];
            if (bestAt < 0 || x > best) { best = x; bestAt = h * inW + w; }
        }
    }
    output[gid] = best;
    argmax[gid] = bestAt;
}

__kernel void maxpool_backward(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                               int padH, int padW, int outH, int outW, int planeBase,
                               __global const float* gradOutput, __global const int* argmax, __global float* gradInput) {
    int w = get_global_id(0), h = get_global_id(1), plane = planeBase + get_global_id(2);
    if (w >= inW || h >= inH || plane >= planes) return;
    int gid = (plane * inH + h) * inW + w;
    int self = h * inW + w;
    int base = plane * outH * outW;
    float sum = 0.0f;
    int ohLast = LAST_WINDOW(h, padH, strideH, outH), owLast = LAST_WINDOW(w, padW, strideW, outW);
    for (int oh = FIRST_WINDOW(h, padH, kH, strideH); oh <= ohLast; oh++)
        for (int ow = FIRST_WINDOW(w, padW, kW, strideW); ow <= owLast; ow++) {
            int o = base + oh * outW + ow;
            if (argmax[o] == self) sum += gradOutput[o];
        }
    gradInput[gid] = sum;
}

/* Windows that do not overlap (strideH >= kH and strideW >= kW): each input lies in at most one
 * window, so each output can write its gradient straight to the input that won, after
 * gradInput has been zeroed. One work-item per output, no loop. */
__kernel void maxpool_backward_scatter(int planes, int inH, int inW, int outH, int outW, int planeBase,
                                       __global const float* gradOutput, __global const int* argmax,
                                       __global float* gradInput) {
    int ow = get_global_id(0), oh = get_global_id(1), plane = planeBase + get_global_id(2);
    if (ow >= outW || oh >= outH || plane >= planes) return;
    int o = (plane * outH + oh) * outW + ow;
    gradInput[plane * inH * inW + argmax[o]] = gradOutput[o];
}

__kernel void avgpool_forward(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                              int padH, int padW, int outH, int outW, int planeBase, int channels, NchwView v,
                              __global const float* input, __global float* output) {
    int ow = get_global_id(0), oh = get_global_id(1), plane = planeBase + get_global_id(2);
    if (ow >= outW || oh >= outH || plane >= planes) return;
    int gid = (plane * outH + oh) * outW + ow;
    int b = plane / channels, c = plane - b * channels;
    __global const float* in = input + v.offset + (long) b * v.nStride + (long) c * v.cStride;
    int h0 = oh * strideH - padH, w0 = ow * strideW - padW;
    float sum = 0.0f;
    for (int kh = 0; kh < kH; kh++) {
        int h = h0 + kh;
        if (h < 0 || h >= inH) continue;
        for (int kw = 0; kw < kW; kw++) {
            int w = w0 + kw;
            if (w >= 0 && w < inW) sum += in[h * v.hStride + w * v.wStride];
        }
    }
    output[gid] = sum / (float) (kH * kW);
}

__kernel void avgpool_backward(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                               int padH, int padW, int outH, int outW, int planeBase,
                               __global const float* gradOutput, __global float* gradInput) {
    int w = get_global_id(0), h = get_global_id(1), plane = planeBase + get_global_id(2);
    if (w >= inW || h >= inH || plane >= planes) return;
    int gid = (plane * inH + h) * inW + w;
    int base = plane * outH * outW;
    float sum = 0.0f;
    int ohLast = LAST_WINDOW(h, padH, strideH, outH), owLast = LAST_WINDOW(w, padW, strideW, outW);
    for (int oh = FIRST_WINDOW(h, padH, kH, strideH); oh <= ohLast; oh++)
        for (int ow = FIRST_WINDOW(w, padW, kW, strideW); ow <= owLast; ow++) sum += gradOutput[base + oh * outW + ow];
    gradInput[gid] = sum / (float) (kH * kW);
}
