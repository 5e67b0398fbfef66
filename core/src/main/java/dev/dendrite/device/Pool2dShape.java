package dev.dendrite.device;

/**
 * Geometry of 2-D max or average pooling on NCHW tensors: input [batch, channels, inH, inW],
 * output [batch, channels, outH, outW]. Padding counts as -infinity for max pooling and as zero
 * (included in the divisor, PyTorch's default) for average pooling.
 */
public record Pool2dShape(int batch, int channels, int inH, int inW,
                          int kH, int kW, int strideH, int strideW, int padH, int padW) {
    public Pool2dShape {
        if (batch < 0 || channels <= 0 || inH <= 0 || inW <= 0 || kH <= 0 || kW <= 0
                || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pool2d: invalid geometry " + this);
        }
        if (padH * 2 > kH || padW * 2 > kW) {
            throw new IllegalArgumentException("pool2d: padding must be at most half the window, got pad "
                    + padH + "x" + padW + " for window " + kH + "x" + kW);
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("pool2d: window " + kH + "x" + kW + " is larger than the padded input");
        }
    }

    public int outH() { return (inH + 2 * padH - kH) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - kW) / strideW + 1; }

    public int[] inputShape() { return new int[] {batch, channels, inH, inW}; }
    public int[] outputShape() { return new int[] {batch, channels, outH(), outW()}; }
}
