package dev.dendrite.referencedevice;

import dev.dendrite.device.Conv2dShape;

/**
 * conv2d and its two backward passes, written as one loop nest. Every (output pixel, input pixel,
 * weight) triple that the forward pass multiplies is a "tap"; the three passes visit the same
 * taps and each accumulates a different one of the three products, in double:
 * <pre>
 *   forward          output[out]     += input[in]      * weight[w]
 *   backward input   gradInput[in]   += gradOutput[out] * weight[w]
 *   backward weight  gradWeight[w]   += input[in]      * gradOutput[out]
 * </pre>
 * Taps that land in the zero padding are skipped: they add nothing, and have no input gradient.
 */
final class Convolution {
    private Convolution() {}

    /** Receives one tap as flat indices into the output, the input and the weight. */
    private interface Tap {
        void visit(int out, int in, int w);
    }

    /** output = conv(input, weight) + bias (bias may be null). */
    static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        double[] sum = new double[s.batch() * s.outC() * s.outH() * s.outW()];
        forEachTap(s, (out, in, w) -> sum[out] += (double) input[in] * weight[w]);
        int plane = s.outH() * s.outW();
        for (int o = 0; o < sum.length; o++) {
            output[o] = (float) (sum[o] + (bias == null ? 0 : bias[o / plane % s.outC()]));
        }
    }

    /** gradInput = the adjoint of forward applied to gradOutput (zero where no tap reads). */
    static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        double[] sum = new double[s.batch() * s.inC() * s.inH() * s.inW()];
        forEachTap(s, (out, in, w) -> sum[in] += (double) gradOutput[out] * weight[w]);
        for (int i = 0; i < sum.length; i++) gradInput[i] = (float) sum[i];
    }

    /** gradWeight = sum over every tap of input * gradOutput. */
    static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight) {
        double[] sum = new double[s.outC() * s.inPerGroup() * s.kH() * s.kW()];
        forEachTap(s, (out, in, w) -> sum[w] += (double) input[in] * gradOutput[out]);
        for (int i = 0; i < sum.length; i++) gradWeight[i] = (float) sum[i];
    }

    /**
     * Every tap, NCHW: output (n, oc, oh, ow) reads input (n, ic, oh * strideH - padH + kh * dilationH,
     * ow * strideW - padW + kw * dilationW) times weight (oc, icg, kh, kw), where ic = group * inPerGroup + icg
     * runs over the input channels of the output channel's group.
     */
    private static void forEachTap(Conv2dShape s, Tap tap) {
        for (int n = 0; n < s.batch(); n++)
            for (int oc = 0; oc < s.outC(); oc++)
                for (int oh = 0; oh < s.outH(); oh++)
                    for (int ow = 0; ow < s.outW(); ow++)
                        for (int icg = 0; icg < s.inPerGroup(); icg++)
                            for (int kh = 0; kh < s.kH(); kh++)
                                for (int kw = 0; kw < s.kW(); kw++) {
                                    int ic = oc / s.outPerGroup() * s.inPerGroup() + icg;
                                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                                    int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                                    if (ih < 0 || ih >= s.inH() || iw < 0 || iw >= s.inW()) continue;
                                    tap.visit(((n * s.outC() + oc) * s.outH() + oh) * s.outW() + ow,
                                            ((n * s.inC() + ic) * s.inH() + ih) * s.inW() + iw,
                                            ((oc * s.inPerGroup() + icg) * s.kH() + kh) * s.kW() + kw);
                                }
    }
}
