package dev.dendrite.referencedevice;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;

/**
 * The fused optimizer updates, in place, each element computed in double straight from the
 * formulas in {@link SgdParams}, {@link AdamParams} and {@link RmspropParams}; the parameter and
 * every state value are rounded to float once, when stored.
 */
final class OptimizerSteps {
    private OptimizerSteps() {}

    /** SGD with optional weight decay, momentum (with dampening) and Nesterov; velocity is null without momentum. */
    static void sgd(float[] param, float[] grad, float[] velocity, int count, SgdParams p) {
        for (int i = 0; i < count; i++) {
            double g = grad[i] + (double) p.weightDecay() * param[i];
            if (p.momentum() != 0) {
                double v = p.firstStep() ? g : (double) p.momentum() * velocity[i] + (1 - (double) p.dampening()) * g;
                velocity[i] = (float) v;
                g = p.nesterov() ? g + p.momentum() * v : v;
            }
            param[i] = (float) (param[i] - p.lr() * g);
        }
    }

    /** Adam, or AdamW when decoupled; the bias corrections are the host's (every device uses the same). */
    static void adam(float[] param, float[] grad, float[] m, float[] v, int count, AdamParams p) {
        double b1 = p.beta1(), b2 = p.beta2(), lr = p.lr(), wd = p.weightDecay();
        for (int i = 0; i < count; i++) {
            double w = param[i], g = grad[i];
            if (p.decoupled()) w = w * (1 - lr * wd);
            else g = g + wd * w;
            double mi = b1 * m[i] + (1 - b1) * g, vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            double mHat = mi / p.biasCorrection1(), vHat = vi / p.biasCorrection2();
            param[i] = (float) (w - lr * mHat / (Math.sqrt(vHat) + p.eps()));
        }
    }

    /** RMSprop (not centered); momentumBuffer is null without momentum. */
    static void rmsprop(float[] param, float[] grad, float[] squareAvg, float[] momentumBuffer, int count, RmspropParams p) {
        double alpha = p.alpha(), lr = p.lr();
        for (int i = 0; i < count; i++) {
            double g = grad[i] + (double) p.weightDecay() * param[i];
            double sq = alpha * squareAvg[i] + (1 - alpha) * g * g;
            squareAvg[i] = (float) sq;
            double step = g / (Math.sqrt(sq) + p.eps());
            if (p.momentum() != 0) {
                step = (double) p.momentum() * momentumBuffer[i] + step;
                momentumBuffer[i] = (float) step;
            }
            param[i] = (float) (param[i] - lr * step);
        }
    }
}
