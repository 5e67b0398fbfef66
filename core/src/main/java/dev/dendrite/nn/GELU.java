package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Elementwise GELU: {@code x * Phi(x)} with the exact error function (PyTorch's default), or with
 * {@code approximate = "tanh"} the tanh formula GPT-2 used, {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 */
public class GELU extends Module {
    private final boolean tanh;

    public GELU() {
        this("none");
    }

    /** {@code approximate} is "none" or "tanh", as in PyTorch. */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.tanh = approximate.equals("tanh");
    }

    @Override public Tensor forward(Tensor x) {
        return tanh ? x.geluTanh() : x.gelu();
    }

    @Override protected String extraRepr() {
        return tanh ? "approximate='tanh'" : "";
    }
}
