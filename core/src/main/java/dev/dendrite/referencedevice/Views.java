package dev.dendrite.referencedevice;

import dev.dendrite.device.View;

/** Reading a strided {@link View}: where each element of the op's shape lives in the buffer. */
final class Views {
    private Views() {}

    /**
     * The buffer position of element {@code flat} (counted row-major over {@code shape}):
     * {@code offset + sum(index[d] * strides[d])}, with the index peeled off the flat number
     * from the last dimension to the first. A broadcast dimension has stride 0.
     */
    static int position(int[] shape, View view, int flat) {
        int position = view.offset();
        for (int d = shape.length - 1; d >= 0; d--) {
            position += (flat % shape[d]) * view.strides()[d];
            flat /= shape[d];
        }
        return position;
    }
}
