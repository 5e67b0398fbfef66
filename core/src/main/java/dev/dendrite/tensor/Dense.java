package dev.dendrite.tensor;

import dev.dendrite.device.DeviceBuffer;

/**
 * A tensor laid out contiguously from element 0 of its buffer, for the operands the device still
 * takes as bare buffers (index tensors, conv weights and bias, output gradients of conv and
 * pooling). Wraps the tensor itself when it already is, else a temporary contiguous copy that
 * {@link #close()} frees. Inputs of reduce, softmax and indexing go through BlockOperand, inputs
 * of conv and pooling as views, with no copy.
 *
 * <pre>{@code try (Dense xd = Dense.of(x)) { device.softmax(xd.buffer(), ...); } }</pre>
 */
final class Dense implements AutoCloseable {
    private final Tensor tensor;
    private final boolean copied;

    private Dense(Tensor tensor, boolean copied) {
        this.tensor = tensor;
        this.copied = copied;
    }

    static Dense of(Tensor t) {
        if (isDense(t)) return new Dense(t, false);
        return new Dense(Tensor.copyOf(t, t.dtype()), true);
    }

    /** Contiguous, row-major, starting at element 0 of the buffer. */
    static boolean isDense(Tensor t) { return t.offset == 0 && t.isContiguous(); }

    DeviceBuffer buffer() { return tensor.storage.buffer(); }

    Tensor tensor() { return tensor; }

    @Override public void close() {
        if (copied) tensor.close();
    }
}
