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

    /**
     * The elements of a float view of {@code shape}, read into a new row-major array: how the ops
     * that work on blocks (reduce, softmax, conv, pooling, indexing) read their input here, so
     * that each stays a plain loop over a dense array. (This device is for reading and checking,
     * not for speed; the java and GPU devices walk the strides in place.)
     */
    static float[] read(View view, int[] shape) {
        float[] data = ReferenceBuffer.floats(view.buffer());
        float[] dense = new float[Math.toIntExact(numel(shape))];
        for (int flat = 0; flat < dense.length; flat++) dense[flat] = data[position(shape, view, flat)];
        return dense;
    }

    /** [outer, len, inner] as a shape, for {@link #read}. */
    static int[] block(int outer, int len, int inner) { return new int[] {outer, len, inner}; }

    private static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
