package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Mean over windows of NCHW input (zero padding counts in the divisor, PyTorch's default); the stride defaults to the window size. */
public class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** A {@code kernel[0] x kernel[1]} window moving {@code stride} (null: the window) with {@code padding}, each (height, width). */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        super("AvgPool2d", kernel, stride, padding);
    }

    @Override public Tensor forward(Tensor x) {
        return Tensor.avgPool2d(x, kernel(), stride(), padding());
    }
}
