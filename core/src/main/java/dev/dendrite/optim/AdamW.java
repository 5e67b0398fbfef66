package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), PyTorch's AdamW: each step first
 * shrinks the weights, {@code p *= 1 - lr * weightDecay}, then takes the Adam step on the plain
 * gradient. The default weight decay is 0.01, as in PyTorch.
 */
public class AdamW extends Adam {
    public AdamW(List<Tensor> params) {
        this(params, 1e-3f);
    }

    public AdamW(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0.01f);
    }

    public AdamW(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay);
    }

    @Override public String name() { return "AdamW"; }

    @Override protected boolean decoupled() { return true; }
}
