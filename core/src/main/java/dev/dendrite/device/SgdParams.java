package dev.dendrite.device;

/**
 * Hyper-parameters of one SGD step, PyTorch's semantics:
 * <pre>
 *   g = grad + weightDecay * p
 *   if momentum != 0:  v = firstStep ? g : momentum * v + (1 - dampening) * g
 *                      g = nesterov ? g + momentum * v : v
 *   p = p - lr * g
 * </pre>
 */
public record SgdParams(float lr, float momentum, float dampening, float weightDecay,
                        boolean nesterov, boolean firstStep) {}
