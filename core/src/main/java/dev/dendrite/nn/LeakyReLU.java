package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Elementwise {@code x > 0 ? x : negativeSlope * x}; the slope defaults to 0.01 as in PyTorch. */
public class LeakyReLU extends Module {
    public final float negativeSlope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override protected String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}
