/*
 * conv.cl: the data movement around convolution as matrix products (im2col).
 *
 * A convolution of input [batch, inC, inH, inW] with weight [outC, inC, kH, kW] is, for each
 * image b, the matrix product   out[b] (outC x P) = W (outC x Kc) x col[b] (Kc x P)
 * where Kc = inC * kH * kW, P = outH * outW, and column p of col[b] holds the Kc input values the
 * kernel window at output position p sees (with dilation the window's taps lie dilationH rows and
 * dilationW columns apart). The host runs:
 *   forward          im2col, then matmul (batch over b, W broadcast with batch stride 0), add_bias
 *   backward input   matmul gradCol[b] = W^T x gradOut[b], then col2im
 *   backward weight  im2col, matmul gradOut[b] x col[b]^T for each b, then a sum over b (reduce.cl)
 * Batches are processed in chunks so that col stays within a memory budget
 * (see dev.dendrite.kernels.ConvPlan).
 *
 * Channel groups (weight [outC, inC / groups, kH, kW]) need nothing from these kernels: col's rows
 * go channel by channel, so group g's rows are a block of Kc / groups neighbouring rows, and each
 * product above becomes one product per group on its blocks of W, col and out
 * (dev.dendrite.kernels.ops.ConvOps says how the host batches them).
 *
 * im2col reads the input through an NchwView (offset and one stride per axis), so a sliced or
 * permuted input is convolved where it lies; gradients and col are contiguous.
 *
 * Geometry: im2col and col2im are 1-D, local 256, global = work-items rounded up to 256, each
 * work-item writing one row of its output (im2col_t: one window); add_channel_bias is 3-D, one
 * work-item per element.
 *
 * The idea that makes it fast: all the arithmetic runs in the matmul ladder, the most tuned code
 * we have, and this file only moves data, one row per work-item so that the index arithmetic is
 * paid once per row. The price is memory: col is kH * kW times the size of the input.
 *
 * The ladder of the weight gradient (dev.dendrite.kernels.ConvKernel), two rungs, both kept:
 *   rung 1, im2col:   col[b] (Kc x P) as for the forward pass; the product reads it transposed,
 *                     col[b]^T, and a CPU driver's matmul rung (vector: float16 loads along a row
 *                     of B) first copies it row-major (MatmulOps.runOnPackedB): one more pass
 *                     over Kc x P values, written and read again.
 *   rung 2, im2col_t: writes colT[b] (P x Kc) directly, the layout that product wants as B, so
 *                     the copy disappears. One work-item per (b, p, c) writes its kH * kW window
 *                     values contiguously; consecutive work-items write consecutive windows.
 *                     Why it is faster: one pass over the column matrix instead of three (write
 *                     col, read it strided, write the packed copy), and the product reads B
 *                     along its rows.
 *   The rule (ConvKernel.choose): rung 2 on a CPU driver (where the matmul rung packs a
 *   transposed B), rung 1 on a GPU (its tile rungs read either layout through strides).
 *
 * Run: ./dendrite kernel conv2d --variant backward-weight-im2col-t (and --variant
 * backward-weight-im2col; backward-weight is the device's choice).
 */

/* Element (b, c, h, w) of the input is
 * input[offset + b * nStride + c * cStride + h * hStride + w * wStride]: the view's offset (moved
 * by the host to the chunk's first image) and strides, packed by the host as five ints
 * (dev.dendrite.kernels.ViewArgs). */
typedef struct { int offset, nStride, cStride, hStride, wStride; } NchwView;

/* col[b][kidx][oh * outW + ow] = input[b0 + b][c][oh * strideH - padH + kh * dilationH][ow * strideW - padW + kw * dilationW],
 * or 0 in the padding, where kidx = (c * kH + kh) * kW + kw and b runs over the chunk.
 * One work-item per row segment (b, kidx, oh): it walks ow, so the index arithmetic (integer
 * divisions, slow on every device) is done once per segment, not once per element, and the
 * work-item writes one contiguous run of col. Work-items: chunkBatch * Kc * outH. */
__kernel void im2col(int chunkBatch, int inC, int inH, int inW, int kH, int kW,
                     int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int outH, int outW,
                     NchwView v, __global const float* input, __global float* col) {
    int Kc = inC * kH * kW;
    int gid = get_global_id(0);
    if (gid >= chunkBatch * Kc * outH) return;
    int oh = gid % outH;
    int row = gid / outH;                       /* b * Kc + kidx */
    int kidx = row % Kc, b = row / Kc;
    int kw = kidx % kW, kh = (kidx / kW) % kH, c = kidx / (kW * kH);
    int h = oh * strideH - padH + kh * dilationH;
    __global float* out = col + ((long) row * outH + oh) * outW;
    if (h < 0 || h >= inH) {                    /* the whole segment reads the padding */
        for (int ow = 0; ow < outW; ow++) out[ow] = 0.0f;
        return;
    }
    __global const float* in = input + v.offset + (long) b * v.nStride + (long) c * v.cStride + (long) h * v.hStride;
    int w = kw * dilationW - padW;
    for (int ow = 0; ow < outW; ow++, w += strideW) out[ow] = (w >= 0 && w < inW) ? in[(long) w * v.wStride] : 0.0f;
}

/* colT[b][oh * outW + ow][kidx] = the same value as col[b][kidx][oh * outW + ow]: the transposed
 * column matrix, row-major P x Kc, for the weight gradient's product gOut[b] x colT[b]. One
 * work-item per (b, p, c) writes the kH * kW values of channel c's window at output position p,
 * contiguous in colT. Work-items: chunkBatch * P * inC. */
__kernel void im2col_t(int chunkBatch, int inC, int inH, int inW, int kH, int kW,
                       int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int outH, int outW,
                       NchwView v, __global const float* input, __global float* colT) {
    int P = outH * outW;
    int Kc = inC * kH * kW;
    int gid = get_global_id(0);
    if (gid >= chunkBatch * P * inC) return;
    int c = gid % inC;
    int bp = gid / inC;                         /* b * P + p */
    int p = bp % P, b = bp / P;
    int oh = p / outW, ow = p % outW;
    __global float* out = colT + (long) bp * Kc + c * kH * kW;
    __global const float* in = input + v.offset + (long) b * v.nStride + (long) c * v.cStride;
    for (int kh = 0; kh < kH; kh++) {
        int h = oh * strideH - padH + kh * dilationH;
        int inside = h >= 0 && h < inH;
        for (int kw = 0; kw < kW; kw++) {
            int w = ow * strideW - padW + kw * dilationW;
            out[kh * kW + kw] = (inside && w >= 0 && w < inW) ? in[(long) h * v.hStride + (long) w * v.wStride] : 0.0f;
        }
    }
}

/* The adjoint of im2col: every input position sums the entries of gradCol that were copied from it.
 * Written as a gather (each work-item owns input elements and looks up the windows that cover them)
 * rather than a scatter, so no two work-items write the same address and no atomics are needed.
 * Input row h is read by kernel row kh from output row oh when oh * strideH + kh * dilationH =
 * h + padH: the work-item tries each kh (and likewise each kw for column w), and a tap counts when
 * that oh is a whole number inside [0, outH). The division that finds oh is skipped at stride 1
 * (a uniform branch), so the common convolution pays no division per tap.
 * One work-item per input row (b, c, h), walking w. Work-items: chunkBatch * inC * inH. */
__kernel void col2im(int chunkBatch, int inC, int inH, int inW, int kH, int kW,
                     int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int outH, int outW,
                     __global const float* gradCol, __global float* gradInput, int gradInputOffset) {
    int P = outH * outW;
    int Kc = inC * kH * kW;
    int gid = get_global_id(0);
    if (gid >= chunkBatch * inC * inH) return;
    int h = gid % inH;
    int c = (gid / inH) % inC;
    int b = gid / (inH * inC);
    int y = h + padH;
    __global const float* g = gradCol + (long) b * Kc * P + (long) c * kH * kW * P;
    __global float* out = gradInput + gradInputOffset + (long) gid * inW;
    for (int w = 0; w < inW; w++) {
        int x = w + padW;
        float sum = 0.0f;
        for (int kh = 0; kh < kH; kh++) {
            int ty = y - kh * dilationH;            /* = oh * strideH for the output row that uses this tap */
            if (ty < 0) break;                      /* and for every later kh */
            int oh = strideH == 1 ? ty : ty / strideH;
            if (oh * strideH != ty || oh >= outH) continue;
            for (int kw = 0; kw < kW; kw++) {
                int tx = x - kw * dilationW;
                if (tx < 0) break;
                int ow = strideW == 1 ? tx : tx / strideW;
                if (ow * strideW != tx || ow >= outW) continue;
                sum += g[(kh * kW + kw) * P + oh * outW + ow];
            }
        }
        out[w] = sum;
    }
}

/* out[b][c][p] += bias[c] over a contiguous [batch, channels, plane] block. 3-D geometry
 * (LaunchGeometry.planes): dimension 0 over p, 1 over c, 2 over b (from batchBase: the host
 * launches again beyond 65535 images), so the channel comes from the launch, not from dividing
 * a flat index: on PoCL that division per element cost more than the add itself. */
__kernel void add_channel_bias(int batch, int channels, int plane, int batchBase,
                               __global float* out, __global const float* bias) {
    int p = get_global_id(0), c = get_global_id(1), b = batchBase + get_global_id(2);
    if (p >= plane || b >= batch) return;
    out[(b * channels + c) * plane + p] += bias[c];
}
