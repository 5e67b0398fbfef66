package dev.dendrite.referencedevice;

/**
 * The error function and the standard normal distribution, for exact GELU
 * ({@code x * Phi(x)}, {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2}). Java's Math has no erf.
 *
 * <p>Two textbook formulas, both in double, both about 1e-15 relative:
 * <ul>
 *   <li>{@code |x| < 2.5}: {@code erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1))}
 *       (Abramowitz and Stegun 7.1.6). Every term has the sign of x, so nothing cancels.</li>
 *   <li>{@code x >= 2.5}: Laplace's continued fraction
 *       {@code erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))}, evaluated from
 *       the bottom up at a fixed depth of 100 (at x = 2.5 it has settled to double precision by depth 60).
 *       It gives erfc itself, so Phi of a very negative x keeps its relative accuracy.</li>
 * </ul>
 * This is deliberately not the java device's method (a Maclaurin series and Lentz's algorithm):
 * the reference checks that one rather than repeating it.
 */
final class ErrorFunction {
    private ErrorFunction() {}

    private static final double SPLIT = 2.5;
    private static final int FRACTION_DEPTH = 100;
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_2 = Math.sqrt(2);

    /** erf(x). */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r = ax < SPLIT ? positiveSeries(ax) : 1 - continuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) = 1 - erf(x), accurate also where it is tiny. */
    static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= SPLIT) return continuedFraction(x);
        return 1 - erf(x);
    }

    /** Phi(x), the standard normal CDF; for x < 0 through erfc, so the left tail keeps its digits. */
    static double normalCdf(double x) {
        return x < 0 ? 0.5 * erfc(-x / SQRT_2) : 1 - 0.5 * erfc(x / SQRT_2);
    }

    /** The standard normal density exp(-x^2 / 2) / sqrt(2 pi). */
    static double normalDensity(double x) {
        return Math.exp(-0.5 * x * x) / (SQRT_2 * SQRT_PI);
    }

    /** A&S 7.1.6 for x >= 0: each term is the previous times 2x^2 / (2n + 1). */
    private static double positiveSeries(double x) {
        double term = x, sum = x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** erfc(x) for x >= 2.5 by Laplace's continued fraction, from depth 100 up. */
    private static double continuedFraction(double x) {
        double denominator = x;
        for (int n = FRACTION_DEPTH; n >= 1; n--) denominator = x + (n / 2.0) / denominator;
        return Math.exp(-x * x) / SQRT_PI / denominator;
    }
}
