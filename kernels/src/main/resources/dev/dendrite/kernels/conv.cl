/*
 * conv.cl: the data movement around convolution as matrix products (im2col).
 *
 * A convolution of input [batch, inC, inH, inW] with weight [outC, inC, kH, kW] is, for each
 * image b, the matrix product   out[b] (outC x P) = W (outC x Kc) x col[b] (Kc x P)
 * where Kc = inC * kH * kW, P = outH * outW, and column p of col[b] holds the Kc input values the
 * kernel window at output position p sees. The host runs:
 *   forward          im2col, then matmul (batch over b, W broadcast with batch stride 0), add_bias
 *   backward input   matmul gradCol[b] = W^T x gradOut[b], then col2im
 *   backward weight  im2col, matmul gradOut[b] x col[b]^T for each b, then a sum over b (reduce.cl)
 * Batches are processed in chunks so that col stays within a memory budget
 * (see dev.dendrite.kernels.ConvPlan).
 *
 * Geometry of every kernel here: 1-D, one work-item per element it writes, local 256, global
 * rounded up to 256.
 *
 * The idea that makes it fast: all the arithmetic runs in the matmul ladder, the most tuned code
 * we have, and this file only moves data. Consecutive work-items write consecutive addresses (the
 * fastest-varying index is p or w), so the copies run at memory bandwidth. The price is memory:
 * col is kH * kW times the size of the input.
 */

/* col[b][kidx][p] = input[b0 + b][c][oh * strideH - padH + kh][ow * strideW - padW + kw], or 0 in
 * the padding, for kidx = (c * kH + kh) * kW + kw and p = oh * outW + ow; b runs over the chunk. */
__kernel void im2col(int chunkBatch, int inC, int inH, int inW, int kH, int kW,
                     int strideH, int strideW, int padH, int padW, int outH, int outW,
                     __global const float* input, int inputOffset, __global float* col) {
    int P = outH * outW;
    int Kc = inC * kH * kW;
    int gid = get_global_id(0);
    if (gid >= chunkBatch * Kc * P) return;
    int p = gid % P;
    int kidx = (gid / P) % Kc;
    int b = gid / (P * Kc);
    int kw = kidx % kW, kh = (kidx / kW) % kH, c = kidx / (kW * kH);
    int ow = p % outW, oh = p / outW;
    int h = oh * strideH - padH + kh;
    int w = ow * strideW - padW + kw;
    float v = 0.0f;
    if (h >= 0 && h < inH && w >= 0 && w < inW) v = input[inputOffset + ((b * inC + c) * inH + h) * inW + w];
    col[gid] = v;
}

/* The adjoint of im2col: every input position sums the entries of gradCol that were copied from it.
 * Written as a gather (each work-item owns one input element and looks up the windows that cover
 * it) rather than a scatter, so no two work-items write the same address and no atomics are needed.
 * Output position oh sees input row h through kernel row kh when oh * strideH - padH + kh == h. */
__kernel void col2im(int chunkBatch, int inC, int inH, int inW, int kH, int kW,
                     int strideH, int strideW, int padH, int padW, int outH, int outW,
                     __global const float* gradCol, __global float* gradInput, int gradInputOffset) {
    int P = outH * outW;
    int Kc = inC * kH * kW;
    int gid = get_global_id(0);
    if (gid >= chunkBatch * inC * inH * inW) return;
    int w = gid % inW;
    int h = (gid / inW) % inH;
    int c = (gid / (inW * inH)) % inC;
    int b = gid / (inW * inH * inC);
    float sum = 0.0f;
    for (int kh = 0; kh < kH; kh++) {
        int y = h + padH - kh;                   /* = oh * strideH when this kh is used */
        if (y < 0 || y % strideH != 0) continue;
        int oh = y / strideH;
        if (oh >= outH) continue;
        for (int kw = 0; kw < kW; kw++) {
            int x = w + padW - kw;
            if (x < 0 || x % strideW != 0) continue;
            int ow = x / strideW;
            if (ow >= outW) continue;
            int kidx = (c * kH + kh) * kW + kw;
            sum += gradCol[(b * Kc + kidx) * P + oh * outW + ow];
        }
    }
    gradInput[gradInputOffset + gid] = sum;
}

/* out[b][c][p] += bias[c] over a contiguous [batch, channels, plane] block. */
__kernel void add_channel_bias(int batch, int channels, int plane, __global float* out, __global const float* bias) {
    int gid = get_global_id(0);
    if (gid >= batch * channels * plane) return;
    out[gid] += bias[(gid / plane) % channels];
}
