package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Elementwise {@code x * Phi(x), with the exact error function (PyTorch's default)}. */
public class GELU extends Module {
    @Override public Tensor forward(Tensor x) {
        return x.gelu();
    }
}
