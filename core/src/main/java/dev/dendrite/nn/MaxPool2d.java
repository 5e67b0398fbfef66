package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Max over square windows of NCHW input; the stride defaults to the window size, as in PyTorch. */
public class MaxPool2d extends Module {
    public final int kernelSize;
    public final int stride;
    public final int padding;

    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    @Override public Tensor forward(Tensor x) {
        return Tensor.maxPool2d(x, kernelSize, stride, padding);
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
