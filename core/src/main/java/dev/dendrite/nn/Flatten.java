package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Merges every axis from {@code startDim} on into one: [N, C, H, W] becomes [N, C*H*W] by default. */
public class Flatten extends Module {
    public final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override public Tensor forward(Tensor x) {
        return x.flatten(startDim);
    }

    @Override protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}
