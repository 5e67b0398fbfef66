package dev.dendrite.optim;

import dev.dendrite.device.AdamParams;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with PyTorch's semantics (see {@link AdamParams}): bias-corrected moment estimates, and
 * weight decay added to the gradient (L2). {@link AdamW} decays the weights directly instead.
 */
public class Adam extends Optimizer {
    public final float beta1;
    public final float beta2;
    public final float eps;
    public final float weightDecay;

    public Adam(List<Tensor> params) {
        this(params, 1e-3f);
    }

    public Adam(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    public Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException(name() + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        checkHyper("eps", eps, 0f);
        checkHyper("weight decay", weightDecay, 0f);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            addState(i, "exp_avg", Tensor.zeros(p.device(), p.shape()));
            addState(i, "exp_avg_sq", Tensor.zeros(p.device(), p.shape()));
        }
    }

    @Override public String name() { return "Adam"; }

    /** True for AdamW: decay the weights, not the gradient. */
    protected boolean decoupled() { return false; }

    @Override protected void update(int index, Tensor param, Tensor grad) {
        long step = steps[index] + 1;
        if (step > Integer.MAX_VALUE) throw new IllegalStateException(name() + ": more than 2^31-1 steps");
        AdamParams p = new AdamParams(lr(), beta1, beta2, eps, decayOf(index, weightDecay), decoupled(), (int) step);
        param.device().adamUpdate(param.buffer(), grad.buffer(), state(index, "exp_avg").buffer(),
                state(index, "exp_avg_sq").buffer(), param.numel(), p);
    }

    @Override protected Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("beta1", Float.toString(beta1));
        h.put("beta2", Float.toString(beta2));
        h.put("eps", Float.toString(eps));
        h.put("weight_decay", Float.toString(weightDecay));
        return h;
    }
}
