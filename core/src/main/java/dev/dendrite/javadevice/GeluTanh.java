package dev.dendrite.javadevice;

/**
 * GELU's tanh approximation, {@code 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x + 0.044715 x^3)}
 * (PyTorch's {@code approximate="tanh"}; GPT-2 used it because erf was slow on its hardware).
 * Computed in double like {@link Erf}, then rounded once.
 */
final class GeluTanh {
    private GeluTanh() {}

    private static final double K = Math.sqrt(2 / Math.PI), C = 0.044715;

    static float value(float x) {
        return (float) (0.5 * x * (1 + Math.tanh(K * (x + C * x * x * x))));
    }

    /** 0.5 (1 + t) + 0.5 x (1 - t^2) du/dx with t = tanh(u) and du/dx = k (1 + 3c x^2). */
    static float derivative(float x) {
        double t = Math.tanh(K * (x + C * x * x * x));
        return (float) (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x));
    }
}
