package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Mean squared error; see {@link Losses#mse}. */
public class MSELoss implements Loss {
    @Override public Tensor apply(Tensor output, Tensor target) {
        return Losses.mse(output, target);
    }
}
