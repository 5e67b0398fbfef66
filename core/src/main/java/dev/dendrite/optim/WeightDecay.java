package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters weight decay should leave alone, by GPT's rule: matrices (linear and
 * embedding weights, rank 2 and up) decay; vectors (biases, LayerNorm and BatchNorm weights) do
 * not. Use with {@link Optimizer#withoutDecay}:
 *
 * <pre>{@code
 * new AdamW(model.parameters(), 3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f).withoutDecay(WeightDecay.exempt(model.parameters()));
 * }</pre>
 */
public final class WeightDecay {
    private WeightDecay() {}

    /** The parameters of rank 0 or 1. */
    public static List<Tensor> exempt(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) if (p.rank() < 2) out.add(p);
        return out;
    }
}
