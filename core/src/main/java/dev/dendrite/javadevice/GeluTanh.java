package dev.dendrite.javadevice;

/**
 * GELU's tanh approximation, {@code 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x + 0.044715 x^3)}
 * (PyTorch's {@code approximate="tanh"}; GPT-2 used it because erf was slow on its hardware).
 * Computed in double like {@link Erf}, then rounded once.
 *
 * <p>It is computed through the identity {@code 1 + tanh(u) = 2 s} with {@code s = 1 / (1 + e^(-2u))}
 * (the logistic function of 2u), so the value is {@code x s} and, with {@code 1 - tanh(u)^2 = 4 s (1 - s)},
 * the derivative is {@code s + 2 x s (1 - s) du/dx}: one {@code Math.exp}, which the JIT compiles
 * to a fast intrinsic, instead of {@code Math.tanh}, which JDK 17 computes in plain Java (fdlibm)
 * at several times the cost; in an MLP's backward pass that was a tenth of a GPT's training step.
 */
final class GeluTanh {
    private GeluTanh() {}

    private static final double K = Math.sqrt(2 / Math.PI), C = 0.044715;

    /** {@code (1 + tanh(u)) / 2} at x: the logistic function of 2u. */
    private static double half1PlusTanh(double x) {
        return 1 / (1 + Math.exp(-2 * K * (x + C * x * x * x)));
    }

    static float value(float x) {
        return (float) (x * half1PlusTanh(x));
    }

    /** 0.5 (1 + t) + 0.5 x (1 - t^2) du/dx with t = tanh(u) and du/dx = k (1 + 3c x^2). */
    static float derivative(float x) {
        double s = half1PlusTanh(x);
        return (float) (s + 2 * x * s * (1 - s) * K * (1 + 3 * C * x * x));
    }
}
