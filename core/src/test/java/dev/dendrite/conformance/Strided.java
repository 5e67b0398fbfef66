package dev.dendrite.conformance;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.internal.MergedDims;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A logical shape laid out in a host array as a view would see it: contiguous, sliced out of a
 * larger array at an offset, transposed, permuted, or broadcast (stride 0), or all of these at
 * random in rank 4 to 6 ({@link #randomOperands}). This is how the kit feeds ops non-contiguous
 * inputs and outputs. The whole backing array is filled with data, so a device that reads the
 * wrong element reads a wrong value.
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
     * Random shapes of rank 4 to 6 with one layout per operand, drawn from {@code r}: the dims
     * stored in a random order, each padded by 0 to 2 (a slice of a larger array), at a random
     * offset, and, where {@code mayBroadcast[k]} allows, up to two dims of operand k broadcast.
     * Every dim has size 2 or more and the operands together keep at least 4 dims after merging
     * ({@link MergedDims}, as devices walk them), so a device whose index arithmetic only handles
     * rank 2 or 3 views (the shapes of every other case) gives wrong elements here.
     *
     * @param rank          4, 5 or 6 (dims of size 2 to 7, 5 or 4)
     * @param mayBroadcast  one flag per operand (a destination must not be broadcast)
     */
    static Strided[] randomOperands(Random r, int rank, boolean... mayBroadcast) {
        while (true) {
            int[] shape = new int[rank];
            int largest = rank == 4 ? 7 : rank == 5 ? 5 : 4;   // at most a few thousand elements
            for (int d = 0; d < rank; d++) shape[d] = 2 + r.nextInt(largest - 1);
            Strided[] operands = new Strided[mayBroadcast.length];
            int[][] strides = new int[operands.length][];
            for (int k = 0; k < operands.length; k++) {
                operands[k] = random(r, shape, mayBroadcast[k]);
                strides[k] = operands[k].strides;
            }
            if (MergedDims.of(shape, strides).rank() >= 4) return operands;
        }
    }

    private static Strided random(Random r, int[] shape, boolean mayBroadcast) {
        int rank = shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < rank; d++) dims.add(d);
        Collections.shuffle(dims, r);
        int[] order = dims.stream().mapToInt(Integer::intValue).toArray();
        int[] pad = new int[rank];
        for (int d = 0; d < rank; d++) pad[d] = r.nextInt(3);
        int offset = r.nextInt(6);
        List<Integer> broadcast = new ArrayList<>();
        if (mayBroadcast) {
            for (int d = 0; d < rank && broadcast.size() < 2; d++) if (r.nextInt(4) == 0) broadcast.add(d);
        }
        int[] bdims = broadcast.stream().mapToInt(Integer::intValue).toArray();
        String layout = "stored in order " + Arrays.toString(order) + " padded " + Arrays.toString(pad) + " at offset " + offset
                + (bdims.length > 0 ? " broadcast" + Arrays.toString(bdims) : "");
        return build(layout, shape, order, pad, offset, bdims);
    }

    private static Strided build(String layout, int[] shape, int[] order, int pad, int offset, int[] broadcastDims) {
        int[] pads = new int[shape.length];
        Arrays.fill(pads, pad);
        return build(layout, shape, order, pads, offset, broadcastDims);
    }

    /**
     * Strides for {@code shape} stored with its dims in {@code order} (outermost first), dim d padded
     * by {@code pad[d]}, broadcast dims stored once with stride 0, starting at {@code offset}.
     */
    private static Strided build(String layout, int[] shape, int[] order, int[] pad, int offset, int[] broadcastDims) {
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
            running *= shape[d] + pad[d];
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
