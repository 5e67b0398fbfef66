package dev.dendrite.javadevice;

import dev.dendrite.device.Conv2dShape;

/**
 * Direct 2-D convolution (cross-correlation) on NCHW tensors and its two backward passes, written as
 * the plain sums of their definitions:
 * <pre>
 *   out[b, oc, oh, ow]    = bias[oc] + sum_{ic, kh, kw} in[b, ic, oh*sH - pH + kh, ow*sW - pW + kw] * w[oc, ic, kh, kw]
 *   gradIn[b, ic, ih, iw] = sum over every (oc, oh, ow, kh, kw) that read in[b, ic, ih, iw] of gradOut * w
 *   gradW[oc, ic, kh, kw] = sum_{b, oh, ow} in[b, ic, oh*sH - pH + kh, ow*sW - pW + kw] * gradOut[b, oc, oh, ow]
 * </pre>
 * Positions in the padding read as zero. Forward and backward-input split across threads by image,
 * backward-weight by output channel, so no two threads write the same element.
 */
final class Convolution {
    private Convolution() {}

    static void forward(Conv2dShape s, float[] in, float[] w, float[] bias, float[] out, int fromImage, int toImage) {
        int inC = s.inC(), inH = s.inH(), inW = s.inW(), outC = s.outC(), kH = s.kH(), kW = s.kW();
        int outH = s.outH(), outW = s.outW();
        for (int b = fromImage; b < toImage; b++) {
            for (int oc = 0; oc < outC; oc++) {
                int ob = (b * outC + oc) * outH * outW;
                float initial = bias == null ? 0f : bias[oc];
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        float sum = initial;
                        for (int ic = 0; ic < inC; ic++) {
                            int ib = (b * inC + ic) * inH * inW, wb = (oc * inC + ic) * kH * kW;
                            for (int kh = 0; kh < kH; kh++) {
                                int ih = oh * s.strideH() - s.padH() + kh;
                                if (ih < 0 || ih >= inH) continue;
                                for (int kw = 0; kw < kW; kw++) {
                                    int iw = ow * s.strideW() - s.padW() + kw;
                                    if (iw < 0 || iw >= inW) continue;
                                    sum += in[ib + ih * inW + iw] * w[wb + kh * kW + kw];
                                }
                            }
                        }
                        out[ob + oh * outW + ow] = sum;
                    }
                }
            }
        }
    }

    static void backwardInput(Conv2dShape s, float[] gradOut, float[] w, float[] gradIn, int fromImage, int toImage) {
        int inC = s.inC(), inH = s.inH(), inW = s.inW(), outC = s.outC(), kH = s.kH(), kW = s.kW();
        int outH = s.outH(), outW = s.outW();
        for (int b = fromImage; b < toImage; b++) {
            java.util.Arrays.fill(gradIn, b * inC * inH * inW, (b + 1) * inC * inH * inW, 0f);
            for (int oc = 0; oc < outC; oc++) {
                int ob = (b * outC + oc) * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        float g = gradOut[ob + oh * outW + ow];
                        for (int ic = 0; ic < inC; ic++) {
                            int ib = (b * inC + ic) * inH * inW, wb = (oc * inC + ic) * kH * kW;
                            for (int kh = 0; kh < kH; kh++) {
                                int ih = oh * s.strideH() - s.padH() + kh;
                                if (ih < 0 || ih >= inH) continue;
                                for (int kw = 0; kw < kW; kw++) {
                                    int iw = ow * s.strideW() - s.padW() + kw;
                                    if (iw < 0 || iw >= inW) continue;
                                    gradIn[ib + ih * inW + iw] += g * w[wb + kh * kW + kw];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void backwardWeight(Conv2dShape s, float[] in, float[] gradOut, float[] gradW, int fromOc, int toOc) {
        int inC = s.inC(), inH = s.inH(), inW = s.inW(), outC = s.outC(), kH = s.kH(), kW = s.kW();
        int outH = s.outH(), outW = s.outW();
        for (int oc = fromOc; oc < toOc; oc++) {
            for (int ic = 0; ic < inC; ic++) {
                for (int kh = 0; kh < kH; kh++) {
                    for (int kw = 0; kw < kW; kw++) {
                        float sum = 0;
                        for (int b = 0; b < s.batch(); b++) {
                            int ib = (b * inC + ic) * inH * inW, ob = (b * outC + oc) * outH * outW;
                            for (int oh = 0; oh < outH; oh++) {
                                int ih = oh * s.strideH() - s.padH() + kh;
                                if (ih < 0 || ih >= inH) continue;
                                for (int ow = 0; ow < outW; ow++) {
                                    int iw = ow * s.strideW() - s.padW() + kw;
                                    if (iw < 0 || iw >= inW) continue;
                                    sum += in[ib + ih * inW + iw] * gradOut[ob + oh * outW + ow];
                                }
                            }
                        }
                        gradW[((oc * inC + ic) * kH + kh) * kW + kw] = sum;
                    }
                }
            }
        }
    }
}
