package dev.dendrite.device;

/**
 * Geometry of a 2-D convolution (really a cross-correlation, as in every DL framework) on NCHW
 * tensors: input [batch, inC, inH, inW], weight [outC, inC, kH, kW], output
 * [batch, outC, outH, outW]. All buffers it touches are contiguous.
 */
public record Conv2dShape(int batch, int inC, int inH, int inW,
                          int outC, int kH, int kW,
                          int strideH, int strideW, int padH, int padW) {
    public Conv2dShape {
        if (batch < 0 || inC <= 0 || inH <= 0 || inW <= 0 || outC <= 0 || kH <= 0 || kW <= 0
                || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: invalid geometry " + this);
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("conv2d: kernel " + kH + "x" + kW + " is larger than the padded input "
                    + (inH + 2 * padH) + "x" + (inW + 2 * padW));
        }
    }

    public int outH() { return (inH + 2 * padH - kH) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - kW) / strideW + 1; }

    public int[] inputShape() { return new int[] {batch, inC, inH, inW}; }
    public int[] weightShape() { return new int[] {outC, inC, kH, kW}; }
    public int[] outputShape() { return new int[] {batch, outC, outH(), outW()}; }

    /** Multiply-adds times two, for GFLOP/s figures (same for forward and each backward pass). */
    public double flops() { return 2.0 * batch * outC * outH() * outW() * inC * kH * kW; }
}
