package dev.dendrite.nn;

import dev.dendrite.device.DType;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/** The loss functions, as plain functions of tensors (the Loss classes call these). */
public final class Losses {
    private Losses() {}

    /** Mean of {@code (output - target)^2} over all elements; shapes must match. */
    public static Tensor mse(Tensor output, Tensor target) {
        if (!Arrays.equals(output.shape(), target.shape())) {
            throw new IllegalArgumentException("mse: output " + Arrays.toString(output.shape()) + " and target "
                    + Arrays.toString(target.shape()) + " must have the same shape");
        }
        return output.sub(target).square().mean();
    }

    /**
     * Cross-entropy from unnormalised scores, mean over the batch: {@code -mean(log_softmax(logits)[label])}.
     * Logits [N, C] with int32 labels [N] in [0, C); also [N, T, C] with labels [N, T] (a sequence,
     * every position counted).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        if (labels.dtype() != DType.I32) {
            throw new IllegalArgumentException("crossEntropy: labels must be int32 class indices, got " + labels.dtype());
        }
        int[] ls = logits.shape();
        int[] ys = labels.shape();
        boolean ok = ls.length >= 2 && ys.length == ls.length - 1 && Arrays.equals(Arrays.copyOf(ls, ys.length), ys);
        if (!ok) {
            throw new IllegalArgumentException("crossEntropy: logits " + Arrays.toString(ls) + " and labels " + Arrays.toString(ys)
                    + " do not match; expected logits [N, C] with labels [N] (or [N, T, C] with [N, T])");
        }
        int classes = ls[ls.length - 1];
        Tensor flatLogits = ls.length == 2 ? logits : logits.reshape(-1, classes);
        Tensor flatLabels = ys.length == 1 ? labels : labels.reshape(-1);
        Tensor picked = flatLogits.logSoftmax(1).gather(1, flatLabels.unsqueeze(1));
        return picked.mean().neg();
    }

    /**
     * Binary cross-entropy on logits, mean over all elements, in the overflow-free form
     * {@code max(x, 0) - x * y + log(1 + exp(-|x|))}; targets are floats in [0, 1].
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        if (!Arrays.equals(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException("bceWithLogits: logits " + Arrays.toString(logits.shape()) + " and targets "
                    + Arrays.toString(targets.shape()) + " must have the same shape");
        }
        Tensor softplusNegAbs = logits.abs().neg().exp().add(1f).log();
        return logits.relu().sub(logits.mul(targets)).add(softplusNegAbs).mean();
    }
}
