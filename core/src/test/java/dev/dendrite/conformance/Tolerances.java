package dev.dendrite.conformance;

/**
 * The kit's tolerances, all in one place. A device is compared with the {@link
 * dev.dendrite.referencedevice.ReferenceDevice}, which sums and evaluates functions in double and
 * rounds once, so the expected value is within about half an ulp of exact and each figure bounds
 * the device's own float32 error. Each op family names one {@link Kind}, and {@link
 * DeviceConformanceTest#tolerance(Kind)} lets a backend widen one (it should say why in a comment).
 *
 * <p>The figures are chosen to accept any conforming float32 implementation (different summation
 * order, fused multiply-add contraction, the few-ulp libm errors OpenCL and CUDA allow) and to
 * reject a wrong formula: for example the tanh approximation of GELU differs from the exact erf
 * form by up to 2e-4, which {@link Kind#ELEMENTWISE} rejects.
 */
public final class Tolerances {
    private Tolerances() {}

    /** What kind of arithmetic produced a result, which decides how exactly it must match. */
    public enum Kind {
        /**
         * No rounding involved (fill, copy and F32/I32 conversion, indexSelect, gather, max/min/argmax
         * reductions, max pooling and its argmax, comparisons): the result must be equal (NaN = NaN).
         * Ties break on the first maximum, so argmax is exact too.
         */
        EXACT,
        /**
         * One elementwise op in float32 (unary, binary, where, activation backward): rtol 1e-5 is about
         * 80 ulp, above the 3-4 ulp OpenCL allows for exp/log/sqrt, 16 for pow, and the 1-ulp differences
         * of fma contraction; atol 1e-6 covers results near zero (1 - y*y, erf-based GELU near 0).
         */
        ELEMENTWISE,
        /**
         * Sums of K terms of magnitude at most 1 (SUM/MEAN reductions, matmul, convolution and its
         * backward passes, average pooling, scatter/index add with repeated indices, max-pool backward
         * with overlapping windows). Devices sum in float in their own orders (tiles, trees, atomics), and
         * the rounding error of a float sum random-walks like sqrt(K) * eps * |term| away from the exact
         * sum the reference gives; the kit passes scale = sqrt(K), so atol 1e-5 * sqrt(K) leaves a margin of
         * about 100x over eps = 6e-8 while a missing or doubled term (error ~0.1 or more) still fails. (A
         * strictly sequential float sum drifts faster, like K * eps; the margin covers that up to K of about
         * 10^5, beyond the kit's sizes: ConformanceKitSelfTest runs such a device.)
         */
        ACCUMULATION,
        /**
         * softmax and log-softmax: an exp, a max and a sum along the axis; relative 1e-5 holds for the
         * probabilities and for the large-magnitude log-probabilities, atol 1e-6 for values near zero
         * (and for GPUs that flush denormal results to zero).
         */
        SOFTMAX,
        /**
         * Fused optimizer updates run over a few steps, each a handful of float ops with a sqrt and a
         * division (Adam, RMSprop): same budget as ELEMENTWISE, with scale = the size of the terms a state
         * value sums (10 per step for RMSprop's momentum buffer, whose normalised steps of size up to
         * 1/sqrt(1 - alpha) can cancel to a small value: PoCL was 1.5 ulp of 10 off on one such element).
         */
        OPTIMIZER,
        /**
         * Philox uniform {@code a + (b - a) * u}: the 32-bit counter output and its mapping to u are exact
         * integer work, so only the final multiply-add may round differently (fma): 1 ulp of the
         * range, atol 2^-23 with scale = max(|a|, |b|).
         */
        UNIFORM,
        /**
         * Philox normal (Box-Muller: log, sqrt, cos/sin): a few ulp of each libm call, which near a zero of
         * cos becomes an absolute error of a few 1e-7; atol 1e-5 with scale = max(|mean|, |std|).
         */
        NORMAL
    }

    /** The default tolerance of each kind (see the comments on {@link Kind}). */
    public static Tolerance standard(Kind kind) {
        switch (kind) {
            case EXACT: return Tolerance.EXACT;
            case ELEMENTWISE: return new Tolerance(1e-5, 1e-6);
            case ACCUMULATION: return new Tolerance(1e-5, 1e-5);
            case SOFTMAX: return new Tolerance(1e-5, 1e-6);
            case OPTIMIZER: return new Tolerance(1e-5, 1e-6);
            case UNIFORM: return new Tolerance(0, 0x1p-23);
            case NORMAL: return new Tolerance(1e-5, 1e-5);
            default: throw new IllegalArgumentException("no tolerance for " + kind);
        }
    }

    /** The {@code scale} for a sum of {@code terms} terms of magnitude at most {@code magnitude}. */
    public static double sumScale(int terms, double magnitude) {
        return Math.sqrt(Math.max(terms, 1)) * magnitude;
    }
}
