package dev.dendrite.javadevice;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;

/**
 * Fused optimizer steps, in place, written line for line from the formulas in {@link SgdParams},
 * {@link AdamParams} and {@link RmspropParams} (PyTorch's semantics), in float arithmetic as a GPU
 * kernel would do them. Each works on the element range {@code [from, to)}.
 */
final class OptimizerUpdates {
    private OptimizerUpdates() {}

    static void sgd(float[] param, float[] grad, float[] velocity, SgdParams p, int from, int to) {
        float lr = p.lr(), mom = p.momentum(), damp = 1f - p.dampening(), wd = p.weightDecay();
        for (int i = from; i < to; i++) {
            float g = grad[i] + wd * param[i];
            if (mom != 0f) {
                float v = p.firstStep() ? g : mom * velocity[i] + damp * g;
                velocity[i] = v;
                g = p.nesterov() ? g + mom * v : v;
            }
            param[i] -= lr * g;
        }
    }

    static void adam(float[] param, float[] grad, float[] m, float[] v, AdamParams p, int from, int to) {
        float lr = p.lr(), b1 = p.beta1(), b2 = p.beta2(), eps = p.eps(), wd = p.weightDecay();
        float bc1 = p.biasCorrection1(), bc2 = p.biasCorrection2();
        for (int i = from; i < to; i++) {
            float g = grad[i];
            float w = param[i];
            if (p.decoupled()) w = w * (1f - lr * wd);
            else g = g + wd * w;
            float mi = b1 * m[i] + (1f - b1) * g;
            float vi = b2 * v[i] + (1f - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            float mHat = mi / bc1, vHat = vi / bc2;
            param[i] = w - lr * mHat / ((float) Math.sqrt(vHat) + eps);
        }
    }

    static void rmsprop(float[] param, float[] grad, float[] sq, float[] buf, RmspropParams p, int from, int to) {
        float lr = p.lr(), alpha = p.alpha(), eps = p.eps(), wd = p.weightDecay(), mom = p.momentum();
        for (int i = from; i < to; i++) {
            float g = grad[i] + wd * param[i];
            float s = alpha * sq[i] + (1f - alpha) * g * g;
            sq[i] = s;
            float step = g / ((float) Math.sqrt(s) + eps);
            if (mom != 0f) {
                float b = mom * buf[i] + step;
                buf[i] = b;
                param[i] -= lr * b;
            } else {
                param[i] -= lr * step;
            }
        }
    }
}
