package dev.dendrite.optim;

import dev.dendrite.device.SgdParams;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's semantics (see {@link SgdParams}): optional weight
 * decay (added to the gradient), momentum with dampening, Nesterov momentum. The momentum buffer
 * starts as the first gradient, as in PyTorch.
 */
public class SGD extends Optimizer {
    public final float momentum;
    public final float dampening;
    public final float weightDecay;
    public final boolean nesterov;

    public SGD(List<Tensor> params, float lr) {
        this(params, lr, 0f, 0f, 0f, false);
    }

    public SGD(List<Tensor> params, float lr, float momentum) {
        this(params, lr, momentum, 0f, 0f, false);
    }

    public SGD(List<Tensor> params, float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        super(params, lr);
        checkHyper("momentum", momentum, 0f);
        checkHyper("weight decay", weightDecay, 0f);
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        if (momentum != 0f) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                addState(i, "momentum_buffer", Tensor.zeros(p.device(), p.shape()));
            }
        }
    }

    @Override public String name() { return "SGD"; }

    @Override protected void update(int index, Tensor param, Tensor grad) {
        Tensor velocity = state(index, "momentum_buffer");
        SgdParams p = new SgdParams(lr(), momentum, dampening, decayOf(index, weightDecay), nesterov, steps[index] == 0);
        param.device().sgdUpdate(param.buffer(), grad.buffer(), velocity == null ? null : velocity.buffer(), param.numel(), p);
    }

    @Override protected Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("momentum", Float.toString(momentum));
        h.put("dampening", Float.toString(dampening));
        h.put("weight_decay", Float.toString(weightDecay));
        h.put("nesterov", Boolean.toString(nesterov));
        return h;
    }
}
