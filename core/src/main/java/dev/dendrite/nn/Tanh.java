package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Elementwise {@code tanh(x)}. */
public class Tanh extends Module {
    @Override public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
