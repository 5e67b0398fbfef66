package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution over NCHW input, as PyTorch's {@code torch.nn.Conv2d}: weight
 * [out, in / groups, kH, kW] and bias [out] under the same names, the same initialisation
 * (uniform in +-1/sqrt(fanIn) with fanIn = in / groups * kH * kW), and (height, width) pairs of
 * kernel size, stride, padding and dilation. The common forms are constructors; the rest goes
 * through {@link #builder}:
 * <pre>
 *   new Conv2d(16, 32, 3, 1, 1)                                            // 3x3, stride 1, padding 1
 *   Conv2d.builder(32, 32, 3).padding(1).groups(32).bias(false).build()   // depthwise
 *   Conv2d.builder(8, 16, 1, 7).padding(0, 3).dilation(1, 2).build()      // 1x7, dilated along W
 * </pre>
 */
public class Conv2d extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int kernelH, kernelW;
    public final int strideH, strideW;
    public final int padH, padW;
    public final int dilationH, dilationW;
    /** Input and output channels are cut into this many slices; each output slice sees only its input slice. */
    public final int groups;
    public final Tensor weight;
    /** Null when built without bias. */
    public final Tensor bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(builder(inChannels, outChannels, kernelSize));
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias, Device device) {
        this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding).bias(bias).device(device));
    }

    private Conv2d(Builder b) {
        if (b.inChannels <= 0 || b.outChannels <= 0 || b.kernelH <= 0 || b.kernelW <= 0 || b.strideH <= 0 || b.strideW <= 0
                || b.padH < 0 || b.padW < 0 || b.dilationH <= 0 || b.dilationW <= 0 || b.groups <= 0) {
            throw new IllegalArgumentException("Conv2d: invalid settings " + b
                    + " (channels, kernel, stride, dilation and groups must be positive, padding non-negative)");
        }
        if (b.inChannels % b.groups != 0 || b.outChannels % b.groups != 0) {
            throw new IllegalArgumentException("Conv2d: groups=" + b.groups + " must divide in_channels=" + b.inChannels
                    + " and out_channels=" + b.outChannels);
        }
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.padH = b.padH;
        this.padW = b.padW;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.groups = b.groups;
        Device device = b.device != null ? b.device : Devices.defaultDevice();
        int fanIn = inChannels / groups * kernelH * kernelW;
        this.weight = registerParameter("weight",
                Init.kaimingUniformDefault(device, fanIn, outChannels, inChannels / groups, kernelH, kernelW));
        this.bias = b.bias ? registerParameter("bias", Init.uniform(device, Init.fanInBound(fanIn), outChannels)) : null;
    }

    /** A square {@code kernelSize} kernel; stride 1, padding 0, dilation 1, one group and a bias until set. */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize, kernelSize);
    }

    /** A {@code kernelH x kernelW} kernel; the other settings as in {@link #builder(int, int, int)}. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + outChannels + "): input of shape "
                    + Arrays.toString(x.shape()) + " must be [batch, " + inChannels + ", height, width]");
        }
        return Tensor.conv2d(x, weight, bias, new int[] {strideH, strideW}, new int[] {padH, padW},
                new int[] {dilationH, dilationW}, groups);
    }

    /** As PyTorch prints it: padding, dilation and groups only where they differ from the default. */
    @Override protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + pair(kernelH, kernelW) + ", stride=" + pair(strideH, strideW)
                + (padH != 0 || padW != 0 ? ", padding=" + pair(padH, padW) : "")
                + (dilationH != 1 || dilationW != 1 ? ", dilation=" + pair(dilationH, dilationW) : "")
                + (groups != 1 ? ", groups=" + groups : "")
                + (bias == null ? ", bias=False" : "");
    }

    private static String pair(int h, int w) { return "(" + h + ", " + w + ")"; }

    /** Settings of a {@link Conv2d}; each pair is (height, width), a single value sets both. */
    public static final class Builder {
        private final int inChannels, outChannels, kernelH, kernelW;
        private int strideH = 1, strideW = 1, padH, padW, dilationH = 1, dilationW = 1, groups = 1;
        private boolean bias = true;
        private Device device;

        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
        }

        public Builder stride(int stride) { return stride(stride, stride); }

        public Builder stride(int strideH, int strideW) {
            this.strideH = strideH;
            this.strideW = strideW;
            return this;
        }

        public Builder padding(int padding) { return padding(padding, padding); }

        public Builder padding(int padH, int padW) {
            this.padH = padH;
            this.padW = padW;
            return this;
        }

        public Builder dilation(int dilation) { return dilation(dilation, dilation); }

        public Builder dilation(int dilationH, int dilationW) {
            this.dilationH = dilationH;
            this.dilationW = dilationW;
            return this;
        }

        /** Channel groups: 1 (the default) is a full convolution, in_channels a depthwise one. */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Where the parameters live; the default device when not set. */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        public Conv2d build() { return new Conv2d(this); }

        @Override public String toString() {
            return "in_channels=" + inChannels + ", out_channels=" + outChannels + ", kernel_size=" + pair(kernelH, kernelW)
                    + ", stride=" + pair(strideH, strideW) + ", padding=" + pair(padH, padW)
                    + ", dilation=" + pair(dilationH, dilationW) + ", groups=" + groups;
        }
    }
}
