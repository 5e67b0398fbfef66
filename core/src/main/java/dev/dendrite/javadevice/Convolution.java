package dev.dendrite.javadevice;

import dev.dendrite.device.Conv2dShape;

/**
 * 2-D convolution (cross-correlation) on NCHW tensors and its two backward passes, as matrix
 * products on "im2col" matrices. For a group of G images:
 * <pre>
 *   col     [K, G*P]  with K = inC*kH*kW rows (one per weight tap) and P = outH*outW columns per image:
 *                     col[(ic, kh, kw), g*P + (oh, ow)] = in[b0+g, ic, oh*sH - pH + kh*dH, ow*sW - pW + kw*dW]  (0 in padding)
 *   grads   [outC, G*P]  the group's output gradients side by side
 *   forward          outs  = W [outC, K] x col  (+ bias), then each image's [outC, P] block goes to its place
 *   backward input   gradCol [K, G*P] = W^T x grads, then col2im adds each entry back to its input pixel
 *   backward weight  gradW [outC, K] += grads x col^T
 * </pre>
 * With channel groups (Conv2dShape.groups &gt; 1) W is [outC, K/groups] and each product above
 * becomes one product per channel group: its rows of W, its outC/groups rows of outs and grads,
 * and its K/groups rows of col, which are neighbours since col's rows go channel by channel.
 * With one channel group (the common case) that is the single product, unchanged.
 * The products run on the blocked {@link Gemm}. Grouping images makes each product wide (the CNN's
 * second layer gives one image only 121 columns), so packing W and the edge tiles are paid once per
 * group instead of once per image. Threads take whole groups (backward-weight keeps one partial sum
 * per thread and adds them at the end); with fewer groups than threads each product is shared
 * instead. The col and group buffers are per thread and reused.
 */
final class Convolution {
    /** A group's col matrix is kept near this many floats (2 MiB), which sets G. */
    private static final int GROUP_FLOATS = 1 << 19;

    private final Gemm gemm;
    private final Parallel parallel;
    private final RowKernels rows;
    private final ThreadLocal<float[][]> buffers = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    Convolution(Gemm gemm, Parallel parallel, RowKernels rows) {
        this.gemm = gemm;
        this.parallel = parallel;
        this.rows = rows;
    }

    /** This thread's buffer number {@code which} (0: col, 1: group outputs/gradients), at least {@code size} long. */
    private float[] buffer(int which, int size) {
        float[][] held = buffers.get();
        if (held[which].length < size) held[which] = new float[size];
        return held[which];
    }

    /**
     * Images per group: as many as keep col near GROUP_FLOATS, with at least one group per thread
     * and a number of groups that the threads share evenly (5 groups on 2 threads would leave one
     * thread idle for a fifth of the pass; 6 smaller ones do not).
     */
    private int imagesPerGroup(Conv2dShape s) {
        int perImage = Math.max(1, s.inC() * s.kH() * s.kW() * s.outH() * s.outW());
        int threads = parallel.threads();
        int byMemory = Math.max(1, Math.min(GROUP_FLOATS / perImage, s.batch() / threads));
        int groups = (s.batch() + byMemory - 1) / byMemory;
        groups = Math.max(1, Math.min(s.batch(), (groups + threads - 1) / threads * threads));
        return Math.max(1, (s.batch() + groups - 1) / groups);
    }

    /** Runs groups [0, groups) on the threads when there is one for each, else on this thread. */
    private void forGroups(int groups, Parallel.Body body) {
        if (groups >= parallel.threads() && parallel.threads() > 1 && !parallel.insideWorker()) parallel.forRange(groups, 1, body);
        else body.run(0, groups);
    }

    void forward(Conv2dShape s, float[] in, float[] w, float[] bias, float[] out) {
        int k = s.inC() * s.kH() * s.kW(), p = s.outH() * s.outW(), m = s.outC();
        int cg = s.groups(), gm = m / cg, gk = k / cg;   // one channel group's rows of outs and of col
        int perGroup = imagesPerGroup(s), groups = (s.batch() + perGroup - 1) / perGroup;
        // Image by image when the weights are small next to an image's output (the first layer:
        // 32 x 9 weights, 32 x 676 outputs): packing W again per image costs less than writing
        // the group's outputs aside and copying them into place.
        boolean byImage = gk < 2 * p;
        forGroups(groups, (from, to) -> {
            for (int group = from; group < to; group++) {
                int b0 = group * perGroup, g = Math.min(perGroup, s.batch() - b0), width = g * p;
                if (byImage || g == 1) { // each image's [outC, P] block is computed in place
                    float[] col = buffer(0, k * p);
                    for (int b = b0; b < b0 + g; b++) {
                        im2col(s, in, b, 1, col, rows);
                        startWithBias(out, b * m * p, m, p, bias);
                        perChannelGroup(cg, gm, p, gk, w, 0, gm * gk, gk, 1, col, 0, gk * p, p, 1, out, b * m * p, gm * p, p, true);
                    }
                    continue;
                }
                float[] col = buffer(0, k * width);
                im2col(s, in, b0, g, col, rows);
                float[] outs = buffer(1, m * width);
                startWithBias(outs, 0, m, width, bias);
                perChannelGroup(cg, gm, width, gk, w, 0, gm * gk, gk, 1, col, 0, gk * width, width, 1, outs, 0, gm * width, width, true);
                for (int i = 0; i < g; i++) {
                    for (int oc = 0; oc < m; oc++) {
                        System.arraycopy(outs, oc * width + i * p, out, ((b0 + i) * m + oc) * p, p);
                    }
                }
            }
        });
    }

    /** Fills rows [offset, offset + channels * width) of width floats with each channel's bias (or 0), for the product to add to. */
    private static void startWithBias(float[] c, int offset, int channels, int width, float[] bias) {
        for (int oc = 0; oc < channels; oc++) {
            java.util.Arrays.fill(c, offset + oc * width, offset + (oc + 1) * width, bias == null ? 0f : bias[oc]);
        }
    }

    /** Copies the output gradients of images b0 .. b0+g-1 side by side into grads [outC, g*P]. */
    private static void gatherGradients(float[] gradOut, int b0, int g, int m, int p, float[] grads) {
        int width = g * p;
        for (int i = 0; i < g; i++) {
            for (int oc = 0; oc < m; oc++) System.arraycopy(gradOut, ((b0 + i) * m + oc) * p, grads, oc * width + i * p, p);
        }
    }

    void backwardInput(Conv2dShape s, float[] gradOut, float[] w, float[] gradIn) {
        int k = s.inC() * s.kH() * s.kW(), m = s.outC();
        int cg = s.groups(), gm = m / cg, gk = k / cg;
        // With unit strides and no padding or dilation, each output row is laid out with the input's
        // row pitch (zeros after its outW values): every tap's gradients then land on one run of
        // the input plane, which col2imRuns adds with whole vectors (col2im adds rows of outW
        // floats, 11 in the CNN's second layer, one by one). The product grows by inW / outW. Its
        // extra columns are W^T times zeros: zero only while every weight is finite (inf * 0 is NaN),
        // so a non-finite weight takes the general path.
        boolean runs = inputPitchRuns(s) && allFinite(w, m * gk);
        int pitch = runs ? s.inW() : s.outW(), p = s.outH() * pitch;
        int perGroup = imagesPerGroup(s), groups = (s.batch() + perGroup - 1) / perGroup;
        forGroups(groups, (from, to) -> {
            for (int group = from; group < to; group++) {
                int b0 = group * perGroup, g = Math.min(perGroup, s.batch() - b0), width = g * p;
                float[] grads = gradOut;
                int gradsOffset = b0 * m * p; // one image's gradients are already [outC, P]
                if (runs) {
                    grads = buffer(1, m * width);
                    gatherGradientRows(s, gradOut, b0, g, grads);
                    gradsOffset = 0;
                } else if (g > 1) {
                    grads = buffer(1, m * width);
                    gatherGradients(gradOut, b0, g, m, p, grads);
                    gradsOffset = 0;
                }
                float[] col = buffer(0, k * width);
                // gradCol = W^T x grads: element (i, q) of W^T is w[q * gk + i].
                perChannelGroup(cg, gk, width, gm, w, 0, gm * gk, 1, gk, grads, gradsOffset, gm * width, width, 1,
                        col, 0, gk * width, width, false);
                if (runs) col2imRuns(s, col, b0, g, gradIn, rows);
                else col2im(s, col, b0, g, gradIn);
            }
        });
    }

    /** Whether backwardInput lays gradients out with the input's row pitch (see there). */
    static boolean inputPitchRuns(Conv2dShape s) {
        return s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0 && s.padW() == 0
                && s.dilationH() == 1 && s.dilationW() == 1 && s.kW() > 1;
    }

    private static boolean allFinite(float[] a, int n) {
        for (int i = 0; i < n; i++) if (a[i] - a[i] != 0f) return false;  // NaN for NaN and both infinities
        return true;
    }

    /**
     * Copies the output gradients of images b0 .. b0+g-1 side by side into grads [outC, g*outH*inW],
     * each output row followed by inW - outW zeros.
     */
    static void gatherGradientRows(Conv2dShape s, float[] gradOut, int b0, int g, float[] grads) {
        int m = s.outC(), outH = s.outH(), outW = s.outW(), inW = s.inW(), p = outH * outW, width = g * outH * inW;
        for (int oc = 0; oc < m; oc++) {
            for (int i = 0; i < g; i++) {
                int from = ((b0 + i) * m + oc) * p, to = oc * width + i * outH * inW;
                for (int oh = 0; oh < outH; oh++, from += outW, to += inW) {
                    System.arraycopy(gradOut, from, grads, to, outW);
                    java.util.Arrays.fill(grads, to + outW, to + inW, 0f);
                }
            }
        }
    }

    /**
     * col2im for {@link #inputPitchRuns} shapes, whose col rows hold outH rows of inW floats per
     * image (zeros past outW). Tap (kh, kw) of output (oh, ow) is input (oh + kh, ow + kw), so entry
     * t = oh * inW + ow of a tap's rows goes to the input plane's element kh * inW + kw + t: one run
     * of (outH - 1) * inW + outW floats per tap and image, added as a vector row. The zeros land on
     * the next row's first inputs and add nothing, so every input receives the same sums, in the
     * same order, as in {@link #col2im}.
     */
    static void col2imRuns(Conv2dShape s, float[] col, int b0, int g, float[] gradIn, RowKernels rows) {
        int inH = s.inH(), inW = s.inW(), plane = inH * inW, image = s.inC() * plane;
        int perImage = s.outH() * inW, width = g * perImage, run = (s.outH() - 1) * inW + s.outW();
        java.util.Arrays.fill(gradIn, b0 * image, (b0 + g) * image, 0f);
        int row = 0;
        for (int ic = 0; ic < s.inC(); ic++) {
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++, row++) {
                    // the tap's run in each of the g images: planes `image` apart, col rows perImage apart
                    rows.addRows(gradIn, b0 * image + ic * plane + kh * inW + kw, image, col, row * width, perImage, g, run);
                }
            }
        }
    }

    void backwardWeight(Conv2dShape s, float[] in, float[] gradOut, float[] gradW) {
        int k = s.inPerGroup() * s.kH() * s.kW(), m = s.outC();   // gradW is [outC, k]
        int perGroup = imagesPerGroup(s), groups = (s.batch() + perGroup - 1) / perGroup;
        java.util.Arrays.fill(gradW, 0, m * k, 0f);
        if (groups < parallel.threads() || parallel.threads() == 1 || parallel.insideWorker()) {
            backwardWeightGroups(s, in, gradOut, gradW, perGroup, 0, groups);
            return;
        }
        // One partial sum per thread (the first is gradW itself), added together at the end.
        int chunks = parallel.threads();
        float[][] partial = new float[chunks][];
        partial[0] = gradW;
        for (int c = 1; c < chunks; c++) partial[c] = new float[m * k];
        parallel.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                backwardWeightGroups(s, in, gradOut, partial[c], perGroup, groups * c / chunks, groups * (c + 1) / chunks);
            }
        });
        for (int c = 1; c < chunks; c++) {
            float[] part = partial[c];
            for (int i = 0; i < m * k; i++) gradW[i] += part[i];
        }
    }

    private void backwardWeightGroups(Conv2dShape s, float[] in, float[] gradOut, float[] gradW, int perGroup,
                                      int fromGroup, int toGroup) {
        int k = s.inC() * s.kH() * s.kW(), p = s.outH() * s.outW(), m = s.outC();
        int cg = s.groups(), gm = m / cg, gk = k / cg;
        for (int group = fromGroup; group < toGroup; group++) {
            int b0 = group * perGroup, g = Math.min(perGroup, s.batch() - b0), width = g * p;
            float[] col = buffer(0, k * width);
            if (2 * gk <= gemm.kernel().nr()) {
                // Few taps (the first layer: 9): gradW is a handful of columns, which a product
                // would pad to a full sliver while packing all of gradOut transposed for only gk
                // uses of each value. Dot products read both in place (RowKernels.dots: blocks of
                // 4 channels by 3 taps over the group's images).
                im2col(s, in, b0, g, col, rows);
                float[] laneSums = rows.newLaneSums();
                // per channel group: its gm output channels against its gk rows of col, over the g images
                for (int cgi = 0; cgi < cg; cgi++) {
                    rows.dots(gradOut, b0 * m * p + cgi * gm * p, p, m * p, gm, col, cgi * gk * width, width, p, gk,
                            p, g, gradW, cgi * gm * gk, gk, laneSums);
                }
                continue;
            }
            // col^T, written directly: the product reads it as B, whose slivers are then copied
            // row by row (from col, each of B's columns would be gathered with a stride).
            im2colTransposed(s, in, b0, g, col);
            float[] grads = gradOut;
            int gradsOffset = b0 * m * p;
            if (g > 1) {
                grads = buffer(1, m * width);
                gatherGradients(gradOut, b0, g, m, p, grads);
                gradsOffset = 0;
            }
            // gradW += grads x col^T: element (q, j) of col^T is col[q * k + j].
            perChannelGroup(cg, gm, gk, width, grads, gradsOffset, gm * width, width, 1, col, 0, gk, k, 1,
                    gradW, 0, gm * gk, gk, true);
        }
    }

    /**
     * One product (arguments as in {@link Gemm#multiply}) per channel group: group i's A, B and C
     * start {@code i * aStep}, {@code i * bStep} and {@code i * cStep} floats after group 0's.
     */
    private void perChannelGroup(int groups, int m, int n, int k, float[] a, int aOff, int aStep, int aRow, int aCol,
                                 float[] b, int bOff, int bStep, int bRow, int bCol,
                                 float[] c, int cOff, int cStep, int ldc, boolean accumulate) {
        for (int i = 0; i < groups; i++) {
            Matmul.product(gemm, parallel, m, n, k, a, aOff + i * aStep, aRow, aCol, b, bOff + i * bStep, bRow, bCol,
                    c, cOff + i * cStep, ldc, accumulate);
        }
    }

    /**
     * Writes the col matrix of images b0 .. b0+g-1 (see the class comment), one row of col at a time:
     * a row holds one weight tap for all g images side by side, and filling it front to back keeps
     * the writes streaming even when col is larger than the cache (image by image, every row of col
     * would be visited in short pieces once per image, each piece a cache miss).
     */
    static void im2col(Conv2dShape s, float[] in, int b0, int g, float[] col, RowKernels rows) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW(), p = outH * outW, width = g * p;
        // without padding every tap's rows lie inside the input: with unit strides along the rows,
        // a tap's outH rows of one image are one copyRows call
        boolean inside = s.padH() == 0 && s.padW() == 0 && s.strideW() == 1;
        int row = 0;
        for (int ic = 0; ic < s.inC(); ic++) {
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++, row++) {
                    int tapH = kh * s.dilationH(), tapW = kw * s.dilationW();   // the tap's place in the (dilated) window
                    if (inside) {
                        for (int i = 0; i < g; i++) {
                            int plane = ((b0 + i) * s.inC() + ic) * inH * inW;
                            rows.copyRows(in, plane + tapH * inW + tapW, s.strideH() * inW, col, row * width + i * p, outH, outW);
                        }
                        continue;
                    }
                    int owStart = firstInside(tapW, s.padW(), s.strideW()), owEnd = endInside(tapW, s.padW(), s.strideW(), inW, outW);
                    for (int i = 0; i < g; i++) {
                        int plane = ((b0 + i) * s.inC() + ic) * inH * inW;
                        for (int oh = 0; oh < outH; oh++) {
                            int dst = row * width + i * p + oh * outW;
                            int ih = oh * s.strideH() - s.padH() + tapH;
                            if (ih < 0 || ih >= inH || owStart >= owEnd) {
                                java.util.Arrays.fill(col, dst, dst + outW, 0f);
                                continue;
                            }
                            // padding columns: a few or none, so a plain loop (two calls of Arrays.fill
                            // per row, of nothing without padding, were 10% of the CNN's samples;
                            // without them im2col is 15% faster on the second layer's [288 x 7744])
                            for (int ow = 0; ow < owStart; ow++) col[dst + ow] = 0f;
                            int src = plane + ih * inW + owStart * s.strideW() - s.padW() + tapW;
                            if (s.strideW() == 1) {
                                System.arraycopy(in, src, col, dst + owStart, owEnd - owStart);
                            } else {
                                for (int ow = owStart; ow < owEnd; ow++, src += s.strideW()) col[dst + ow] = in[src];
                            }
                            for (int ow = owEnd; ow < outW; ow++) col[dst + ow] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes the transpose of {@link #im2col}'s matrix, [G*P, K]: row q = i*P + (oh, ow) holds the
     * whole window of output (oh, ow) of image b0+i, tap after tap (ic, kh, kw), zero in padding.
     * The writes run straight through; the reads are a gather within one image, which stays in
     * cache. A window that lies inside the input (every window when there is no padding) reads
     * its taps at fixed offsets from its top-left corner.
     */
    static void im2colTransposed(Conv2dShape s, float[] in, int b0, int g, float[] colT) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW(), plane = inH * inW;
        int k = s.inC() * s.kH() * s.kW(), dH = s.dilationH(), dW = s.dilationW();
        int spanH = (s.kH() - 1) * dH + 1, spanW = (s.kW() - 1) * dW + 1;
        int[] offset = new int[k]; // tap (ic, kh, kw) from the window's top-left input
        for (int ic = 0, row = 0; ic < s.inC(); ic++) {
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++) offset[row++] = ic * plane + kh * dH * inW + kw * dW;
            }
        }
        int d = 0;
        for (int i = 0; i < g; i++) {
            int image = (b0 + i) * s.inC() * plane;
            for (int oh = 0; oh < outH; oh++) {
                int ih = oh * s.strideH() - s.padH();
                for (int ow = 0; ow < outW; ow++, d += k) {
                    int iw = ow * s.strideW() - s.padW();
                    if (ih >= 0 && iw >= 0 && ih + spanH <= inH && iw + spanW <= inW) {
                        int corner = image + ih * inW + iw;
                        for (int r = 0; r < k; r++) colT[d + r] = in[corner + offset[r]];
                        continue;
                    }
                    for (int ic = 0, row = d; ic < s.inC(); ic++) {
                        for (int kh = 0; kh < s.kH(); kh++) {
                            int y = ih + kh * dH;
                            for (int kw = 0; kw < s.kW(); kw++, row++) {
                                int x = iw + kw * dW;
                                colT[row] = y >= 0 && y < inH && x >= 0 && x < inW ? in[image + ic * plane + y * inW + x] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes images b0 .. b0+g-1 of gradIn: zero, then every entry of the group's col matrix added
     * back to the pixel it came from, reading col one row at a time (as {@link #im2col} writes it).
     */
    static void col2im(Conv2dShape s, float[] col, int b0, int g, float[] gradIn) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW(), p = outH * outW, width = g * p;
        int image = s.inC() * inH * inW;
        java.util.Arrays.fill(gradIn, b0 * image, (b0 + g) * image, 0f);
        int row = 0;
        for (int ic = 0; ic < s.inC(); ic++) {
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++, row++) {
                    int tapH = kh * s.dilationH(), tapW = kw * s.dilationW();   // the tap's place in the (dilated) window
                    int owStart = firstInside(tapW, s.padW(), s.strideW()), owEnd = endInside(tapW, s.padW(), s.strideW(), inW, outW);
                    for (int i = 0; i < g; i++) {
                        int plane = (b0 + i) * image + ic * inH * inW;
                        for (int oh = 0; oh < outH; oh++) {
                            int ih = oh * s.strideH() - s.padH() + tapH;
                            if (ih < 0 || ih >= inH) continue;
                            int src = row * width + i * p + oh * outW;
                            int dst = plane + ih * inW + owStart * s.strideW() - s.padW() + tapW;
                            if (s.strideW() == 1) { // a plain row sum (C2 unrolls it; short rows stay scalar, see RowKernels)
                                addRow(col, src + owStart, gradIn, dst, owEnd - owStart);
                            } else {
                                for (int ow = owStart; ow < owEnd; ow++, dst += s.strideW()) gradIn[dst] += col[src + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code to[toOff + j] += from[fromOff + j]} for j < n. */
    private static void addRow(float[] from, int fromOff, float[] to, int toOff, int n) {
        for (int j = 0; j < n; j++) to[toOff + j] += from[fromOff + j];
    }

    /** First output column whose input column {@code ow*stride - pad + tap} is >= 0. */
    private static int firstInside(int tap, int pad, int stride) {
        int need = pad - tap; // ow * stride >= need
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose input column {@code ow*stride - pad + tap} is < inW (may be <= firstInside). */
    private static int endInside(int tap, int pad, int stride, int inW, int outW) {
        int limit = inW - 1 + pad - tap; // ow * stride <= limit
        if (limit < 0) return 0;
        return Math.min(outW, limit / stride + 1);
    }
}
