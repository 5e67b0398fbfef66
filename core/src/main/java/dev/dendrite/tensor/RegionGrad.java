package dev.dendrite.tensor;

import dev.dendrite.autograd.BackwardFn;
import java.util.function.UnaryOperator;

/**
 * The backward rule of a view op that picks a region of its input (select, slice, narrow): the
 * input's gradient is zero except in that region, where it is the output's gradient.
 *
 * <p>{@link #apply} builds that full-size gradient, as any rule would. The engine does better
 * when it sees this rule: it adds the output's gradient straight into the region of the input's
 * accumulating gradient, in place ({@link Backward}). A recurrent layer selects each of T time
 * steps from one [batch, T, ...] tensor; with full-size gradients its backward pass allocates,
 * zeroes and sums T tensors of T steps each (time and traffic grow with T squared), in place it
 * touches each step's region once.
 */
final class RegionGrad implements BackwardFn {
    private final int[] inputShape;
    private final UnaryOperator<Tensor> region;

    /** {@code region} maps a tensor of the input's shape to the view this op's output covers. */
    RegionGrad(int[] inputShape, UnaryOperator<Tensor> region) {
        this.inputShape = inputShape.clone();
        this.region = region;
    }

    /** The view of {@code inputGrad} (shaped like the input) that the op's output covers. */
    Tensor region(Tensor inputGrad) {
        return region.apply(inputGrad);
    }

    @Override public Tensor[] apply(Tensor gradOutput) {
        Tensor gx = Tensor.zeros(gradOutput.device(), inputShape);
        try (Tensor r = region(gx)) {
            r.copy_(gradOutput);
        }
        return new Tensor[] {gx};
    }
}
