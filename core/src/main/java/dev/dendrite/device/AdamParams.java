package dev.dendrite.device;

/**
 * Hyper-parameters of one Adam or AdamW step (PyTorch's semantics), {@code step} counting from 1:
 * <pre>
 *   if decoupled (AdamW): p = p * (1 - lr * weightDecay)   else: g = grad + weightDecay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   mHat = m / (1 - beta1^step);  vHat = v / (1 - beta2^step)
 *   p = p - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 */
public record AdamParams(float lr, float beta1, float beta2, float eps, float weightDecay,
                         boolean decoupled, int step) {
    /** {@code 1 - beta1^step}, computed in double on the host so every device uses the same value. */
    public float biasCorrection1() { return (float) (1.0 - Math.pow(beta1, step)); }
    public float biasCorrection2() { return (float) (1.0 - Math.pow(beta2, step)); }
}
