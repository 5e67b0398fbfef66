package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

/**
 * The backward rule of one recorded op: given the gradient of the loss with respect to the op's
 * output, returns the gradients with respect to its inputs, in the order of
 * {@link Node#inputs()}, each with that input's shape. A slot may be null when that input does
 * not require a gradient.
 *
 * <p>Rules are written with tensor ops, so they run on every device. They run with gradient
 * recording off. Each returned tensor must be either {@code gradOutput} itself or a tensor the
 * rule created (a view of gradOutput counts): the engine closes it once it has been used.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
