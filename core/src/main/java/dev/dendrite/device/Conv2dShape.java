package dev.dendrite.device;

/**
 * Geometry of a 2-D convolution (really a cross-correlation, as in every DL framework) on NCHW
 * tensors: input [batch, inC, inH, inW], weight [outC, inC / groups, kH, kW], output
 * [batch, outC, outH, outW]. All buffers it touches are contiguous.
 *
 * <p>Output (n, oc, oh, ow) sums input (n, ic, oh * strideH - padH + kh * dilationH,
 * ow * strideW - padW + kw * dilationW) times weight (oc, ic - g * inC/groups, kh, kw) over the
 * input channels ic of its group g = oc / (outC / groups): the channels are cut into
 * {@code groups} equal slices, and each slice of outputs sees only its slice of inputs
 * (groups = inC is a depthwise convolution). Dilation spreads the kernel's taps apart without
 * adding any. Both default to 1, as in PyTorch.
 */
public record Conv2dShape(int batch, int inC, int inH, int inW,
                          int outC, int kH, int kW,
                          int strideH, int strideW, int padH, int padW,
                          int dilationH, int dilationW, int groups) {
    public Conv2dShape {
        // (a compact constructor sees its fields unset, so messages name the arguments, not `this`)
        String given = describe(batch, inC, inH, inW, outC, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups);
        if (batch < 0 || inC <= 0 || inH <= 0 || inW <= 0 || outC <= 0 || kH <= 0 || kW <= 0
                || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0
                || dilationH <= 0 || dilationW <= 0 || groups <= 0) {
            throw new IllegalArgumentException("conv2d: invalid geometry " + given
                    + " (sizes, strides, dilations and groups must be positive, paddings non-negative)");
        }
        if (inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException("conv2d: " + groups + " groups must divide both the input channels (" + inC
                    + ") and the output channels (" + outC + "), in " + given);
        }
        long spanH = (long) dilationH * (kH - 1) + 1, spanW = (long) dilationW * (kW - 1) + 1;
        if (inH + 2L * padH < spanH || inW + 2L * padW < spanW) {
            throw new IllegalArgumentException("conv2d: kernel " + kH + "x" + kW
                    + (dilationH > 1 || dilationW > 1 ? " dilated " + dilationH + "x" + dilationW + " spans " + spanH + "x" + spanW + ", which" : "")
                    + " is larger than the padded input " + (inH + 2L * padH) + "x" + (inW + 2L * padW) + " in " + given);
        }
    }

    private static String describe(int batch, int inC, int inH, int inW, int outC, int kH, int kW, int strideH, int strideW,
                                   int padH, int padW, int dilationH, int dilationW, int groups) {
        return "input [" + batch + ", " + inC + ", " + inH + ", " + inW + "], " + outC + " output channels, kernel " + kH + "x" + kW
                + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW
                + ", dilation " + dilationH + "x" + dilationW + ", groups " + groups;
    }

    /** Undilated, ungrouped: the common convolution. */
    public Conv2dShape(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
                       int strideH, int strideW, int padH, int padW) {
        this(batch, inC, inH, inW, outC, kH, kW, strideH, strideW, padH, padW, 1, 1, 1);
    }

    /** As PyTorch: (inH + 2 padH - dilationH (kH - 1) - 1) / strideH + 1. */
    public int outH() { return (inH + 2 * padH - dilationH * (kH - 1) - 1) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - dilationW * (kW - 1) - 1) / strideW + 1; }

    /** Input channels each output channel sees: inC / groups. */
    public int inPerGroup() { return inC / groups; }

    /** Output channels per group: outC / groups. */
    public int outPerGroup() { return outC / groups; }

    /** True for the common case, which the fast paths are written for: no dilation, one group. */
    public boolean plain() { return dilationH == 1 && dilationW == 1 && groups == 1; }

    public int[] inputShape() { return new int[] {batch, inC, inH, inW}; }
    public int[] weightShape() { return new int[] {outC, inPerGroup(), kH, kW}; }
    public int[] outputShape() { return new int[] {batch, outC, outH(), outW()}; }

    /** Multiply-adds times two, for GFLOP/s figures (same for forward and each backward pass). */
    public double flops() { return 2.0 * batch * outC * outH() * outW() * inPerGroup() * kH * kW; }
}
