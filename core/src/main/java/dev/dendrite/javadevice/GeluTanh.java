package dev.dendrite.javadevice;

/**
 * GELU's tanh approximation, {@code 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x + 0.044715 x^3)}
 * (PyTorch's {@code approximate="tanh"}; GPT-2 used it because erf was slow on its hardware).
 * Computed in double like {@link Erf}, then rounded once.
 *
 * <p>It is computed through the identity {@code 1 + tanh(u) = 2 s} with {@code s = 1 / (1 + e^(-2u))}
 * (the logistic function of 2u), so the value is {@code x s} and, with {@code 1 - tanh(u)^2 = 4 s (1 - s)},
 * the derivative is {@code s + 2 x s (1 - s) du/dx}. The exponential is {@link #exp}, plain double
 * arithmetic that {@link VectorRowKernels} repeats lane by lane with the Vector API, so that a
 * GPT's MLP (a million GELUs a layer a step, forward and back) runs eight at a time with the same
 * bits. {@code Math.tanh} (fdlibm, in Java on JDK 17) took a tenth of a GPT's training step.
 */
final class GeluTanh {
    private GeluTanh() {}

    static final double K = Math.sqrt(2 / Math.PI), C = 0.044715;

    /** {@code (1 + tanh(u)) / 2} at x: the logistic function of 2u. */
    static double half1PlusTanh(double x) {
        return 1 / (1 + exp(-2 * K * (x + C * x * x * x)));
    }

    static float value(float x) {
        return (float) (x * half1PlusTanh(x));
    }

    /** The backward pass at x with incoming gradient g: g times the derivative, rounded once. */
    static float backward(float x, float g) {
        return (float) (g * derivative(x));
    }

    /** 0.5 (1 + t) + 0.5 x (1 - t^2) du/dx with t = tanh(u) and du/dx = k (1 + 3c x^2), in double. */
    static double derivative(double x) {
        double s = half1PlusTanh(x);
        return s + 2 * x * s * (1 - s) * K * (1 + 3 * C * x * x);
    }

    // ---- e^y in double, from operations a vector unit has (add, multiply, fused multiply-add, bits)

    /** Round-to-nearest trick: adding 1.5 * 2^52 leaves the integer part of |v| < 2^51 in the low bits. */
    static final double ROUNDER = 0x1.8p52;
    static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 in two parts: LN2_HI has zeros in its low bits, so n * LN2_HI is exact for |n| < 2^11. */
    static final double LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    /** Beyond these e^y is infinite or (as good as) zero in double. */
    static final double OVERFLOW = 709.0, UNDERFLOW = -708.0;
    /** 1/k! for k = 12 down to 2: Taylor's series of e^r, |r| <= ln(2)/2, error below 2e-16. */
    static final double[] TAYLOR = {1 / 479001600.0, 1 / 39916800.0, 1 / 3628800.0, 1 / 362880.0, 1 / 40320.0,
                                    1 / 5040.0, 1 / 720.0, 1 / 120.0, 1 / 24.0, 1 / 6.0, 1 / 2.0};

    /**
     * e^y: y = n ln2 + r with n whole and |r| <= ln(2)/2, e^r by its Taylor series (Horner, fused
     * multiply-adds), times 2^n put together from bits. Within two units in the last place of
     * double, far below float's; infinite above 709, 0 below -708, NaN for NaN.
     */
    static double exp(double y) {
        double t = y * LOG2E + ROUNDER;
        double n = t - ROUNDER;
        double r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, y));
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) p = Math.fma(p, r, TAYLOR[i]);
        p = Math.fma(Math.fma(p, r, 1.0), r, 1.0);
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - ROUNDER_BITS + 1023) << 52);
        double e = p * scale;
        return y > OVERFLOW ? Double.POSITIVE_INFINITY : y < UNDERFLOW ? 0.0 : e;
    }
}
