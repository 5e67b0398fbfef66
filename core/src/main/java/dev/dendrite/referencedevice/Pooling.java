package dev.dendrite.referencedevice;

import dev.dendrite.device.Pool2dShape;

/**
 * Max and average pooling, forward and backward, over the same loop nest: every (output, input)
 * pair where an input element lies in an output's window is a "tap", visited window by window
 * in row-major order. Padding positions are never visited: they are -infinity for max pooling
 * (never the maximum) and zero for average pooling (still counted in the divisor kH * kW,
 * PyTorch's count_include_pad).
 */
final class Pooling {
    private Pooling() {}

    /** Receives one tap: flat output index, flat input index, and the input's index h * inW + w in its plane. */
    private interface Tap {
        void visit(int out, int in, int inPlane);
    }

    /** output = the window's maximum, argmax = its first position (h * inW + w); a NaN wins. */
    static void maxForward(Pool2dShape s, float[] input, float[] output, int[] argmax) {
        int outputs = s.batch() * s.channels() * s.outH() * s.outW();
        for (int o = 0; o < outputs; o++) argmax[o] = -1; // no tap seen yet
        forEachTap(s, (out, in, inPlane) -> {
            float v = input[in], best = output[out];
            if (argmax[out] < 0 || (!Float.isNaN(best) && (v > best || Float.isNaN(v)))) {
                output[out] = v;
                argmax[out] = inPlane;
            }
        });
    }

    /** gradInput[argmax] += gradOutput, per plane, summed in double. */
    static void maxBackward(Pool2dShape s, float[] gradOutput, int[] argmax, float[] gradInput) {
        int inPlane = s.inH() * s.inW(), outPlane = s.outH() * s.outW();
        double[] sum = new double[s.batch() * s.channels() * inPlane];
        for (int o = 0; o < s.batch() * s.channels() * outPlane; o++) {
            if (argmax[o] < 0 || argmax[o] >= inPlane) {
                throw new IndexOutOfBoundsException("maxPool2dBackward: argmax " + argmax[o] + " outside a plane of " + inPlane);
            }
            sum[o / outPlane * inPlane + argmax[o]] += gradOutput[o];
        }
        for (int i = 0; i < sum.length; i++) gradInput[i] = (float) sum[i];
    }

    /** output = (sum of the window's inputs) / (kH * kW), in double. */
    static void avgForward(Pool2dShape s, float[] input, float[] output) {
        double[] sum = new double[s.batch() * s.channels() * s.outH() * s.outW()];
        forEachTap(s, (out, in, inPlane) -> sum[out] += input[in]);
        for (int o = 0; o < sum.length; o++) output[o] = (float) (sum[o] / (s.kH() * s.kW()));
    }

    /** gradInput[in] = sum over the windows covering it of gradOutput / (kH * kW). */
    static void avgBackward(Pool2dShape s, float[] gradOutput, float[] gradInput) {
        double[] sum = new double[s.batch() * s.channels() * s.inH() * s.inW()];
        forEachTap(s, (out, in, inPlane) -> sum[in] += (double) gradOutput[out] / (s.kH() * s.kW()));
        for (int i = 0; i < sum.length; i++) gradInput[i] = (float) sum[i];
    }

    /** Every tap, NCHW: output (plane, oh, ow) covers inputs (plane, oh * strideH - padH + kh, ow * strideW - padW + kw). */
    private static void forEachTap(Pool2dShape s, Tap tap) {
        for (int plane = 0; plane < s.batch() * s.channels(); plane++)
            for (int oh = 0; oh < s.outH(); oh++)
                for (int ow = 0; ow < s.outW(); ow++)
                    for (int kh = 0; kh < s.kH(); kh++)
                        for (int kw = 0; kw < s.kW(); kw++) {
                            int h = oh * s.strideH() - s.padH() + kh, w = ow * s.strideW() - s.padW() + kw;
                            if (h < 0 || h >= s.inH() || w < 0 || w >= s.inW()) continue;
                            tap.visit((plane * s.outH() + oh) * s.outW() + ow, plane * s.inH() * s.inW() + h * s.inW() + w,
                                    h * s.inW() + w);
                        }
    }
}
