package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

/**
 * A batch on the device: {@code inputs} [n, features...] (float32) and {@code targets}, int32
 * labels [n] or float32 [n, target...]. Closing it frees both (a training step's Scope does that
 * too when the batch was taken inside it).
 */
public record Batch(Tensor inputs, Tensor targets) implements AutoCloseable {
    /** Number of examples. */
    public int size() { return inputs.shape(0); }

    @Override public void close() {
        inputs.close();
        targets.close();
    }
}
