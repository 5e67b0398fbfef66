package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * A training objective: a scalar (0-d) tensor from the model's output and the target, which
 * {@code backward()} differentiates. Any lambda {@code (output, target) -> ...} is a Loss.
 */
@FunctionalInterface
public interface Loss {
    Tensor apply(Tensor output, Tensor target);
}
