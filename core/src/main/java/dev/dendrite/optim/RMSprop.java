package dev.dendrite.optim;

import dev.dendrite.device.RmspropParams;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop with PyTorch's semantics (not centered; see {@link RmspropParams}): divides the
 * gradient by a running root-mean-square of past gradients. PyTorch's defaults: lr 0.01,
 * alpha 0.99, eps 1e-8.
 */
public class RMSprop extends Optimizer {
    public final float alpha;
    public final float eps;
    public final float weightDecay;
    public final float momentum;

    public RMSprop(List<Tensor> params) {
        this(params, 0.01f);
    }

    public RMSprop(List<Tensor> params, float lr) {
        this(params, lr, 0.99f, 1e-8f, 0f, 0f);
    }

    public RMSprop(List<Tensor> params, float lr, float alpha, float eps, float weightDecay, float momentum) {
        super(params, lr);
        if (!(alpha >= 0f && alpha <= 1f)) throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1], got " + alpha);
        checkHyper("eps", eps, 0f);
        checkHyper("weight decay", weightDecay, 0f);
        checkHyper("momentum", momentum, 0f);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            addState(i, "square_avg", Tensor.zeros(p.device(), p.shape()));
            if (momentum != 0f) addState(i, "momentum_buffer", Tensor.zeros(p.device(), p.shape()));
        }
    }

    @Override public String name() { return "RMSprop"; }

    @Override protected void update(int index, Tensor param, Tensor grad) {
        Tensor buf = state(index, "momentum_buffer");
        RmspropParams p = new RmspropParams(lr(), alpha, eps, decayOf(index, weightDecay), momentum);
        param.device().rmspropUpdate(param.buffer(), grad.buffer(), state(index, "square_avg").buffer(),
                buf == null ? null : buf.buffer(), param.numel(), p);
    }

    @Override protected Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("alpha", Float.toString(alpha));
        h.put("eps", Float.toString(eps));
        h.put("weight_decay", Float.toString(weightDecay));
        h.put("momentum", Float.toString(momentum));
        return h;
    }
}
