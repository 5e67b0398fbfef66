package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Elementwise {@code max(0, x)}. */
public class ReLU extends Module {
    @Override public Tensor forward(Tensor x) {
        return x.relu();
    }
}
