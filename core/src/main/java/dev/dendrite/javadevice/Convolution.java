package dev.dendrite.javadevice;

import dev.dendrite.device.Conv2dShape;

/**
 * 2-D convolution (cross-correlation) on NCHW tensors and its two backward passes, as matrix
 * products on "im2col" matrices:
 * <pre>
 *   col[b]   [K, P]  with K = inC*kH*kW rows (one per weight tap) and P = outH*outW columns:
 *                    col[(ic, kh, kw), (oh, ow)] = in[b, ic, oh*sH - pH + kh, ow*sW - pW + kw]  (0 in the padding)
 *   forward          out[b]  [outC, P] = W [outC, K] x col[b] (+ bias)
 *   backward input   gradCol [K, P]    = W^T x gradOut[b],  then col2im adds each entry back to its input pixel
 *   backward weight  gradW   [outC, K] = sum over b of gradOut[b] x col[b]^T
 * </pre>
 * The products run on the blocked {@link Gemm}, so convolution is as fast as matmul. Threads take
 * whole images when the batch has enough of them (backward-weight keeps one partial sum per thread
 * and adds them at the end); otherwise each image's product is split across threads. The col
 * buffers are per thread and reused.
 */
final class Convolution {
    private final Gemm gemm;
    private final Parallel parallel;
    private final ThreadLocal<float[][]> colBuffer = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    Convolution(Gemm gemm, Parallel parallel) {
        this.gemm = gemm;
        this.parallel = parallel;
    }

    private float[] col(int size) {
        float[][] holder = colBuffer.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /** True when threads should take whole images rather than split each product. */
    private boolean splitByImage(Conv2dShape s) {
        return parallel.threads() > 1 && s.batch() >= parallel.threads() && !parallel.insideWorker();
    }

    void forward(Conv2dShape s, float[] in, float[] w, float[] bias, float[] out) {
        if (splitByImage(s)) parallel.forRange(s.batch(), 1, (from, to) -> forwardImages(s, in, w, bias, out, from, to));
        else forwardImages(s, in, w, bias, out, 0, s.batch());
    }

    private void forwardImages(Conv2dShape s, float[] in, float[] w, float[] bias, float[] out, int from, int to) {
        int k = s.inC() * s.kH() * s.kW(), p = s.outH() * s.outW(), m = s.outC();
        float[] col = col(k * p);
        for (int b = from; b < to; b++) {
            im2col(s, in, b, col);
            int o = b * m * p;
            Matmul.product(gemm, parallel, m, p, k, w, 0, k, 1, col, 0, p, 1, out, o, p, false);
            if (bias != null) {
                for (int oc = 0; oc < m; oc++) {
                    float bo = bias[oc];
                    for (int i = o + oc * p, end = i + p; i < end; i++) out[i] += bo;
                }
            }
        }
    }

    void backwardInput(Conv2dShape s, float[] gradOut, float[] w, float[] gradIn) {
        if (splitByImage(s)) parallel.forRange(s.batch(), 1, (from, to) -> backwardInputImages(s, gradOut, w, gradIn, from, to));
        else backwardInputImages(s, gradOut, w, gradIn, 0, s.batch());
    }

    private void backwardInputImages(Conv2dShape s, float[] gradOut, float[] w, float[] gradIn, int from, int to) {
        int k = s.inC() * s.kH() * s.kW(), p = s.outH() * s.outW(), m = s.outC();
        float[] col = col(k * p);
        for (int b = from; b < to; b++) {
            // gradCol = W^T x gradOut[b]: element (i, q) of W^T is w[q * k + i].
            Matmul.product(gemm, parallel, k, p, m, w, 0, 1, k, gradOut, b * m * p, p, 1, col, 0, p, false);
            col2im(s, col, b, gradIn);
        }
    }

    void backwardWeight(Conv2dShape s, float[] in, float[] gradOut, float[] gradW) {
        int k = s.inC() * s.kH() * s.kW(), m = s.outC();
        java.util.Arrays.fill(gradW, 0, m * k, 0f);
        if (!splitByImage(s)) {
            backwardWeightImages(s, in, gradOut, gradW, 0, s.batch());
            return;
        }
        // One partial sum per thread (the first is gradW itself), added together at the end.
        int chunks = parallel.threads();
        float[][] partial = new float[chunks][];
        partial[0] = gradW;
        for (int c = 1; c < chunks; c++) partial[c] = new float[m * k];
        parallel.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                backwardWeightImages(s, in, gradOut, partial[c],
                        (int) ((long) s.batch() * c / chunks), (int) ((long) s.batch() * (c + 1) / chunks));
            }
        });
        for (int c = 1; c < chunks; c++) {
            float[] part = partial[c];
            for (int i = 0; i < m * k; i++) gradW[i] += part[i];
        }
    }

    private void backwardWeightImages(Conv2dShape s, float[] in, float[] gradOut, float[] gradW, int from, int to) {
        int k = s.inC() * s.kH() * s.kW(), p = s.outH() * s.outW(), m = s.outC();
        float[] col = col(k * p);
        for (int b = from; b < to; b++) {
            im2col(s, in, b, col);
            // gradW += gradOut[b] x col^T: element (q, j) of col^T is col[j * p + q].
            Matmul.product(gemm, parallel, m, k, p, gradOut, b * m * p, p, 1, col, 0, 1, p, gradW, 0, k, true);
        }
    }

    /** Fills col [K, P] for image b (see the class comment). */
    static void im2col(Conv2dShape s, float[] in, int b, float[] col) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW(), p = outH * outW;
        int row = 0;
        for (int ic = 0; ic < s.inC(); ic++) {
            int plane = (b * s.inC() + ic) * inH * inW;
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++, row++) {
                    int owStart = firstInside(kw, s.padW(), s.strideW()), owEnd = endInside(kw, s.padW(), s.strideW(), inW, outW);
                    for (int oh = 0; oh < outH; oh++) {
                        int dst = row * p + oh * outW;
                        int ih = oh * s.strideH() - s.padH() + kh;
                        if (ih < 0 || ih >= inH || owStart >= owEnd) {
                            java.util.Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        java.util.Arrays.fill(col, dst, dst + owStart, 0f);
                        int src = plane + ih * inW + owStart * s.strideW() - s.padW() + kw;
                        if (s.strideW() == 1) {
                            System.arraycopy(in, src, col, dst + owStart, owEnd - owStart);
                        } else {
                            for (int ow = owStart; ow < owEnd; ow++, src += s.strideW()) col[dst + ow] = in[src];
                        }
                        java.util.Arrays.fill(col, dst + owEnd, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /** Zeroes image b of gradIn, then adds every entry of col [K, P] back to the input pixel it came from. */
    static void col2im(Conv2dShape s, float[] col, int b, float[] gradIn) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW(), p = outH * outW;
        int image = b * s.inC() * inH * inW;
        java.util.Arrays.fill(gradIn, image, image + s.inC() * inH * inW, 0f);
        int row = 0;
        for (int ic = 0; ic < s.inC(); ic++) {
            int plane = image + ic * inH * inW;
            for (int kh = 0; kh < s.kH(); kh++) {
                for (int kw = 0; kw < s.kW(); kw++, row++) {
                    int owStart = firstInside(kw, s.padW(), s.strideW()), owEnd = endInside(kw, s.padW(), s.strideW(), inW, outW);
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * s.strideH() - s.padH() + kh;
                        if (ih < 0 || ih >= inH) continue;
                        int src = row * p + oh * outW;
                        int dst = plane + ih * inW + owStart * s.strideW() - s.padW() + kw;
                        for (int ow = owStart; ow < owEnd; ow++, dst += s.strideW()) gradIn[dst] += col[src + ow];
                    }
                }
            }
        }
    }

    /** First output column whose input column {@code ow*stride - pad + kw} is >= 0. */
    private static int firstInside(int kw, int pad, int stride) {
        int need = pad - kw; // ow * stride >= need
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose input column {@code ow*stride - pad + kw} is < inW (may be <= firstInside). */
    private static int endInside(int kw, int pad, int stride, int inW, int outW) {
        int limit = inW - 1 + pad - kw; // ow * stride <= limit
        if (limit < 0) return 0;
        return Math.min(outW, limit / stride + 1);
    }
}
