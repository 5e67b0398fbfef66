package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Elementwise {@code 1 / (1 + exp(-x))}. */
public class Sigmoid extends Module {
    @Override public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
