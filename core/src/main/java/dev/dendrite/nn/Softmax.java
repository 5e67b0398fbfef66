package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * Softmax along {@code dim}: outputs are positive and sum to 1. For training a classifier, feed
 * the logits to {@link CrossEntropyLoss} instead, which is more accurate than log(softmax).
 */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override protected String extraRepr() {
        return "dim=" + dim;
    }
}
