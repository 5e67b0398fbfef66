package dev.dendrite.tensor;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * A tensor as the rank-3 {@code [outer, len, inner]} view that the device ops along one axis read
 * (reduce, softmax, the index primitives): the dimensions before {@code from}, those in
 * {@code [from, to)} and those after, each walked with one stride ({@link Shapes#groupStrides}).
 * Offsets, a slice of the outermost dimension, a transposed matrix, a row of a batch, a slice
 * along the axis itself, and any layout whose dimensions on each side of the axis nest in
 * row-major order group this way and are read where they lie. The case left: several dimensions
 * on one side of the axis that no single stride walks, because a permutation reordered them
 * (softmax over the last axis of {@code y.permute(1, 0, 2)}: the outer dimensions have strides
 * [C, A * C]) or because an inner one of them is sliced (softmax over the last axis of
 * {@code y.narrow(1, 1, 2)}: strides [B * C, C] for sizes [A, 2]; likewise the last axis of a batch
 * of transposes, {@code y.transpose(1, 2)}: strides [B * C, 1] for sizes [A, C]). Only then is a contiguous copy
 * made, and {@link #close} frees it. (Kernels taking a rank-n view per group would close this
 * case at the price of index arithmetic per element; the elementwise Strided struct does that.)
 *
 * <pre>{@code try (BlockOperand xo = BlockOperand.of(x, a, a + 1)) { device.softmax(xo.view(), ...); } }</pre>
 */
final class BlockOperand implements AutoCloseable {
    private final Tensor copy;   // null when the tensor is read as it is
    private final View view;

    private BlockOperand(Tensor copy, View view) {
        this.copy = copy;
        this.view = view;
    }

    static BlockOperand of(Tensor t, int from, int to) {
        int[] strides = Shapes.groupStrides(t.shape, t.strides, from, to);
        if (strides != null) return new BlockOperand(null, new View(t.storage.buffer(), t.offset, strides));
        Tensor dense = Tensor.copyOf(t, t.dtype());
        return new BlockOperand(dense, new View(dense.storage.buffer(), 0,
                Shapes.groupStrides(dense.shape, dense.strides, from, to)));
    }

    View view() { return view; }

    @Override public void close() {
        if (copy != null) copy.close();
    }
}
