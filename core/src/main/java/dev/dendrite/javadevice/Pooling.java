package dev.dendrite.javadevice;

import dev.dendrite.device.Pool2dShape;

/**
 * Max and average pooling on NCHW planes, forward and backward. Work is split by planes
 * ({@code batch * channels} of them), which are independent in both directions.
 *
 * <p>Max pooling treats padding as -infinity and records, per output, the flat index
 * {@code h * inW + w} of the first maximum in its window (NaN wins, as in PyTorch). Average pooling
 * counts padding as zeros and always divides by {@code kH * kW} (PyTorch's count_include_pad).
 */
final class Pooling {
    private Pooling() {}

    static void maxForward(Pool2dShape s, float[] in, float[] out, int[] argmax, int fromPlane, int toPlane) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW();
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ib = plane * inH * inW, ob = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * s.strideH() - s.padH();
                int hStart = Math.max(h0, 0), hEnd = Math.min(h0 + s.kH(), inH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * s.strideW() - s.padW();
                    int wStart = Math.max(w0, 0), wEnd = Math.min(w0 + s.kW(), inW);
                    // Two branch-free passes: "v > best" on activations is a coin toss, and the
                    // mispredicted branches used to cost more than the loads. Pass 1 takes the
                    // maximum (Math.max lets NaN win); pass 2 walks the window backwards keeping
                    // the last index equal to it, which is the first one (integer masks, no branch).
                    int bestIndex = hStart * inW + wStart;
                    float best;
                    boolean full2x2 = hEnd - hStart == 2 && wEnd - wStart == 2;
                    if (full2x2) {
                        // the common 2x2 window, written out: C2 compiles a Math.max that
                        // accumulates in a loop as a reduction, with branches again
                        int p = ib + bestIndex;
                        best = Math.max(Math.max(in[p], in[p + 1]), Math.max(in[p + inW], in[p + inW + 1]));
                    } else {
                        best = Float.NEGATIVE_INFINITY;
                        for (int h = hStart; h < hEnd; h++) {
                            for (int w = wStart; w < wEnd; w++) best = Math.max(best, in[ib + h * inW + w]);
                        }
                    }
                    if (full2x2 && best == best) {
                        // the same backwards walk, unrolled: small nested loops cost more than the work
                        int at = bestIndex, p = ib + at, key = equalityKey(best);
                        bestIndex = pickIfEqual(in[p + inW + 1], key, at + inW + 1, at + inW + 1);
                        bestIndex = pickIfEqual(in[p + inW], key, at + inW, bestIndex);
                        bestIndex = pickIfEqual(in[p + 1], key, at + 1, bestIndex);
                        bestIndex = pickIfEqual(in[p], key, at, bestIndex);
                    } else if (best != best) {
                        bestIndex = firstNaN(in, ib, inW, hStart, hEnd, wStart, wEnd, bestIndex);
                    } else {
                        int bestKey = equalityKey(best);
                        for (int h = hEnd - 1; h >= hStart; h--) {
                            for (int w = wEnd - 1; w >= wStart; w--) {
                                int at = h * inW + w;
                                bestIndex = pickIfEqual(in[ib + at], bestKey, at, bestIndex);
                            }
                        }
                    }
                    // the input value, not best: Math.max(-0, +0) is +0 where the first maximum is -0
                    out[ob + oh * outW + ow] = hEnd > hStart && wEnd > wStart ? in[ib + bestIndex] : best;
                    argmax[ob + oh * outW + ow] = bestIndex;
                }
            }
        }
    }

    /**
     * An int that is equal for two non-NaN floats exactly when they compare equal: the bits of
     * {@code v + 0}, which turns -0 into +0. Comparing these with integer masks avoids the branch
     * C2 emits for a float comparison.
     */
    private static int equalityKey(float v) {
        return Float.floatToRawIntBits(v + 0f);
    }

    /** {@code v == best ? at : current} with integer masks, for {@code bestKey = equalityKey(best)}. */
    private static int pickIfEqual(float v, int bestKey, int at, int current) {
        int differs = equalityKey(v) ^ bestKey;
        int keep = (differs | -differs) >> 31; // all ones unless equal
        return (at & ~keep) | (current & keep);
    }

    /** Flat index of the first NaN in the window (the maximum is NaN, so there is one). */
    private static int firstNaN(float[] in, int ib, int inW, int hStart, int hEnd, int wStart, int wEnd, int fallback) {
        for (int h = hStart; h < hEnd; h++) {
            for (int w = wStart; w < wEnd; w++) {
                float v = in[ib + h * inW + w];
                if (v != v) return h * inW + w;
            }
        }
        return fallback;
    }

    static void maxBackward(Pool2dShape s, float[] gradOut, int[] argmax, float[] gradIn, int fromPlane, int toPlane) {
        int inPlane = s.inH() * s.inW(), outPlane = s.outH() * s.outW();
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ib = plane * inPlane, ob = plane * outPlane;
            java.util.Arrays.fill(gradIn, ib, ib + inPlane, 0f);
            for (int o = 0; o < outPlane; o++) {
                int target = argmax[ob + o];
                if (target < 0 || target >= inPlane) {
                    throw new IndexOutOfBoundsException("maxPool2dBackward: argmax " + target + " at output "
                            + (ob + o) + " is outside the input plane of " + inPlane + " elements");
                }
                gradIn[ib + target] += gradOut[ob + o];
            }
        }
    }

    static void avgForward(Pool2dShape s, float[] in, float[] out, int fromPlane, int toPlane) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW();
        float inv = 1f / (s.kH() * s.kW());
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ib = plane * inH * inW, ob = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * s.strideH() - s.padH();
                int hStart = Math.max(h0, 0), hEnd = Math.min(h0 + s.kH(), inH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * s.strideW() - s.padW();
                    int wStart = Math.max(w0, 0), wEnd = Math.min(w0 + s.kW(), inW);
                    float sum = 0;
                    for (int h = hStart; h < hEnd; h++) {
                        for (int w = wStart; w < wEnd; w++) sum += in[ib + h * inW + w];
                    }
                    out[ob + oh * outW + ow] = sum * inv;
                }
            }
        }
    }

    static void avgBackward(Pool2dShape s, float[] gradOut, float[] gradIn, int fromPlane, int toPlane) {
        int inH = s.inH(), inW = s.inW(), outH = s.outH(), outW = s.outW();
        float inv = 1f / (s.kH() * s.kW());
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int ib = plane * inH * inW, ob = plane * outH * outW;
            java.util.Arrays.fill(gradIn, ib, ib + inH * inW, 0f);
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * s.strideH() - s.padH();
                int hStart = Math.max(h0, 0), hEnd = Math.min(h0 + s.kH(), inH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * s.strideW() - s.padW();
                    int wStart = Math.max(w0, 0), wEnd = Math.min(w0 + s.kW(), inW);
                    float g = gradOut[ob + oh * outW + ow] * inv;
                    for (int h = hStart; h < hEnd; h++) {
                        for (int w = wStart; w < wEnd; w++) gradIn[ib + h * inW + w] += g;
                    }
                }
            }
        }
    }
}
