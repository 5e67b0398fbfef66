package dev.dendrite.conformance;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Shapes;
import dev.dendrite.device.View;
import java.util.Arrays;

/**
 * A logical shape laid out in a host array as a view would see it: contiguous, sliced out of a
 * larger array at an offset, transposed, permuted, or broadcast (stride 0). This is how the kit
 * feeds ops non-contiguous inputs and outputs. The whole backing array is filled with data, so a
 * device that reads the wrong element reads a wrong value.
 */
final class Strided {
    final String layout;
    final int[] shape;
    final int offset;
    final int[] strides;
    /** Elements the backing buffer needs (at least 1, so empty views still have a buffer). */
    final int storageLength;

    private Strided(String layout, int[] shape, int offset, int[] strides, int storageLength) {
        this.layout = layout;
        this.shape = shape.clone();
        this.offset = offset;
        this.strides = strides;
        this.storageLength = Math.max(storageLength, 1);
    }

    static Strided contiguous(int[] shape) {
        return build("contiguous", shape, identity(shape.length), 0, 0, new int[0]);
    }

    /** A slice of a larger array: every dimension padded by one, starting at offset 3. */
    static Strided sliced(int[] shape) {
        return build("sliced+offset", shape, identity(shape.length), 1, 3, new int[0]);
    }

    /** Stored with the dimensions in reverse order (a transposed matrix; rank 1 stays contiguous). */
    static Strided transposed(int[] shape) {
        int[] order = new int[shape.length];
        for (int d = 0; d < shape.length; d++) order[d] = shape.length - 1 - d;
        return build("transposed", shape, order, 0, 0, new int[0]);
    }

    /** Stored with the dimensions rotated (innermost logical dim outermost), padded, at offset 1. */
    static Strided permuted(int[] shape) {
        int r = shape.length;
        int[] order = new int[r];
        for (int j = 0; j < r; j++) order[j] = (j + r - 1) % r;
        return build("permuted+offset", shape, order, 1, 1, new int[0]);
    }

    /** Broadcast along {@code dims} (stride 0, stored once); the other dims contiguous, at offset 2. */
    static Strided broadcast(int[] shape, int... dims) {
        return build("broadcast" + Arrays.toString(dims), shape, identity(shape.length), 0, 2, dims);
    }

    /** The layouts every shape is tried with (broadcast is case-specific). */
    static Strided[] variants(int[] shape) {
        return new Strided[] {contiguous(shape), sliced(shape), transposed(shape), permuted(shape)};
    }

    /**
     * Strides for {@code shape} stored with its dims in {@code order} (outermost first), each stored
     * dim padded by {@code pad}, broadcast dims stored once with stride 0, starting at {@code offset}.
     */
    private static Strided build(String layout, int[] shape, int[] order, int pad, int offset, int[] broadcastDims) {
        boolean[] broadcast = new boolean[shape.length];
        for (int d : broadcastDims) broadcast[d] = true;
        int[] strides = new int[shape.length];
        long running = 1;
        for (int j = order.length - 1; j >= 0; j--) {
            int d = order[j];
            if (broadcast[d]) {
                strides[d] = 0;
                continue;
            }
            strides[d] = (int) running;
            running *= shape[d] + pad;
        }
        return new Strided(layout, shape, offset, strides, (int) (offset + running));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    View view(DeviceBuffer buffer) { return new View(buffer, offset, strides.clone()); }

    int numel() { return Shapes.numel(shape); }

    @Override public String toString() { return Shapes.str(shape) + " " + layout; }
}
