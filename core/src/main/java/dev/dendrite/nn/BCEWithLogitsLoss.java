package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Binary cross-entropy on logits, mean over all elements; see {@link Losses#bceWithLogits}. */
public class BCEWithLogitsLoss implements Loss {
    @Override public Tensor apply(Tensor output, Tensor target) {
        return Losses.bceWithLogits(output, target);
    }
}
