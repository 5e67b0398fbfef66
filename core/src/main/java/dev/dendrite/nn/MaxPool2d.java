package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Max over windows of NCHW input; padding counts as -infinity. The stride defaults to the window size, as in PyTorch. */
public class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** A {@code kernel[0] x kernel[1]} window moving {@code stride} (null: the window) with {@code padding}, each (height, width). */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        super("MaxPool2d", kernel, stride, padding);
    }

    @Override public Tensor forward(Tensor x) {
        return Tensor.maxPool2d(x, kernel(), stride(), padding());
    }
}
