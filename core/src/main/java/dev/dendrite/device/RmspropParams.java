package dev.dendrite.device;

/**
 * Hyper-parameters of one RMSprop step (PyTorch's semantics, not centered):
 * <pre>
 *   g = grad + weightDecay * p
 *   sq = alpha * sq + (1 - alpha) * g * g
 *   if momentum != 0:  buf = momentum * buf + g / (sqrt(sq) + eps);  p = p - lr * buf
 *   else:              p = p - lr * g / (sqrt(sq) + eps)
 * </pre>
 */
public record RmspropParams(float lr, float alpha, float eps, float weightDecay, float momentum) {}
