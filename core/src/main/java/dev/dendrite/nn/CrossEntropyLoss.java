package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Cross-entropy from logits with int32 class labels, mean over the batch; see {@link Losses#crossEntropy}. */
public class CrossEntropyLoss implements Loss {
    @Override public Tensor apply(Tensor output, Tensor target) {
        return Losses.crossEntropy(output, target);
    }
}
