package dev.dendrite.javadevice;

/**
 * The error function, which Java's Math lacks, and the normal CDF built on it (exact GELU needs
 * {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2}).
 *
 * <p>Method, all in double precision (error around 1e-15, far below float resolution):
 * <ul>
 *   <li>{@code |x| < 2}: the Maclaurin series
 *       {@code erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))}, summed until a term no
 *       longer changes the sum. Its terms peak near 4 at x = 2, so cancellation costs about one
 *       of double's 16 digits.</li>
 *   <li>{@code |x| >= 2}: the continued fraction
 *       {@code erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))},
 *       evaluated with the modified Lentz algorithm, which keeps erfc's relative accuracy; it
 *       needs at most a couple of hundred steps at x = 2 and fewer further out.</li>
 *   <li>{@code |x| > 6}: erfc(x) is below 2.2e-17, so erf is +-1 in double.</li>
 * </ul>
 * {@link #erfc} is computed directly for large arguments, so {@code Phi(x)} for very negative x
 * keeps its relative accuracy instead of becoming {@code 1 - 1}.
 */
final class Erf {
    private Erf() {}

    /** Below this the series is used, above it the continued fraction. */
    private static final double SPLIT = 2;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT_PI = 0.5641895835477563;
    private static final double INV_SQRT_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < SPLIT) return series(x);
        double r = 1 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= SPLIT) return erfcLarge(x);
        if (x <= -SPLIT) return 2 - erfcLarge(-x);
        return 1 - series(x);
    }

    /** Standard normal CDF. */
    static double phi(double x) {
        return x < 0 ? 0.5 * erfc(-x * INV_SQRT_2) : 0.5 * (1 + erf(x * INV_SQRT_2));
    }

    /** Standard normal density. */
    static double density(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** Exact GELU, {@code x * Phi(x)}. */
    static float gelu(float x) {
        return (float) (x * phi(x));
    }

    /** d/dx GELU = Phi(x) + x * phi(x). */
    static float geluDerivative(float x) {
        return (float) (phi(x) + x * density(x));
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x;   // (-1)^n x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double next = sum + term / (2 * n + 1);
            if (next == sum) break;
            sum = next;
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) for x >= 2 by the continued fraction with partial numerators n/2 and denominators x. */
    private static double erfcLarge(double x) {
        if (x > 27) return 0; // exp(-x^2) underflows
        // f = x + a1/(x + a2/(x + ...)), a_n = n/2, with the modified Lentz algorithm.
        final double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n * 0.5;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) * INV_SQRT_PI / f;
    }
}
