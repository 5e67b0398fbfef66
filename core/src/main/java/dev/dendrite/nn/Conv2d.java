package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution over NCHW input: weight [out, in, kH, kW] and bias [out], as PyTorch stores
 * them. Square kernels, one stride and one padding for both axes.
 */
public class Conv2d extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int kernelSize;
    public final int stride;
    public final int padding;
    public final Tensor weight;
    /** Null when built without bias. */
    public final Tensor bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true, Devices.defaultDevice());
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, true, Devices.defaultDevice());
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias, Device device) {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: invalid settings in=" + inChannels + " out=" + outChannels
                    + " kernel=" + kernelSize + " stride=" + stride + " padding=" + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        int fanIn = inChannels * kernelSize * kernelSize;
        this.weight = registerParameter("weight",
                Init.kaimingUniformDefault(device, fanIn, outChannels, inChannels, kernelSize, kernelSize));
        this.bias = bias ? registerParameter("bias", Init.uniform(device, Init.fanInBound(fanIn), outChannels)) : null;
    }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + outChannels + "): input of shape "
                    + Arrays.toString(x.shape()) + " must be [batch, " + inChannels + ", height, width]");
        }
        return Tensor.conv2d(x, weight, bias, stride, padding);
    }

    @Override protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize + "), stride=("
                + stride + ", " + stride + ")" + (padding > 0 ? ", padding=(" + padding + ", " + padding + ")" : "")
                + (bias == null ? ", bias=False" : "");
    }
}
