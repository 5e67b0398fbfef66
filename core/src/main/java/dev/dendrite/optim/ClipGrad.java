package dev.dendrite.optim;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_. */
public final class ClipGrad {
    private ClipGrad() {}

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}:
     * {@code g *= min(1, maxNorm / (norm + 1e-6))}. Runs on the device without reading anything
     * back; returns the norm before clipping as a 0-d tensor (call {@code item()} to see it).
     * Parameters without a gradient are ignored.
     */
    public static Tensor clipGradNorm(List<Tensor> params, float maxNorm) {
        if (!(maxNorm > 0f)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
        try (GradMode g = Autograd.noGrad(); Scope scope = Scope.open()) {
            Tensor sumOfSquares = null;
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Tensor s = grad.square().sum();
                sumOfSquares = sumOfSquares == null ? s : sumOfSquares.add(s);
            }
            if (sumOfSquares == null) return scope.keep(Tensor.scalar(params.isEmpty() ? dev.dendrite.device.Devices.defaultDevice()
                    : params.get(0).device(), 0f));
            Tensor norm = sumOfSquares.sqrt();
            Tensor coefficient = norm.add(1e-6f).rdiv(maxNorm).clamp(0f, 1f);
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad != null) grad.mul_(coefficient);
            }
            return scope.keep(norm);
        }
    }
}
