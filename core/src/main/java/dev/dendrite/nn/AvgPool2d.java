package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Mean over square windows of NCHW input (zero padding counts in the divisor, PyTorch's default). */
public class AvgPool2d extends Module {
    public final int kernelSize;
    public final int stride;
    public final int padding;

    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    @Override public Tensor forward(Tensor x) {
        return Tensor.avgPool2d(x, kernelSize, stride, padding);
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
