package dev.dendrite.conformance;

import java.util.Random;

/**
 * Where an op's random inputs are drawn from: inside each op's domain (positive for log), and
 * with exact ties where they matter (comparisons, argmax, max pooling, sign).
 */
enum Domain {
    /** [-3, 3], with one value in eight exactly 0 (relu, sign, abs at the kink). */
    ANY,
    /** [-1, 1]: terms of sums, so that a sum of K terms stays within sqrt(K) in practice. */
    UNIT,
    /** [0.05, 5]: log, sqrt, rsqrt, the base of pow. */
    POSITIVE,
    /** +-[0.2, 3]: divisors. */
    NONZERO,
    /** [0.02, 0.98]: a sigmoid output. */
    PROBABILITY,
    /** [-0.98, 0.98]: a tanh output. */
    SYMMETRIC_UNIT,
    /** Integers -3..3 as floats: ties for comparisons, max/min, argmax, sign. */
    QUANTIZED;

    float sample(Random r) {
        switch (this) {
            case ANY: return r.nextInt(8) == 0 ? 0f : uniform(r, -3, 3);
            case UNIT: return uniform(r, -1, 1);
            case POSITIVE: return uniform(r, 0.05f, 5f);
            case NONZERO: return (r.nextBoolean() ? 1 : -1) * uniform(r, 0.2f, 3f);
            case PROBABILITY: return uniform(r, 0.02f, 0.98f);
            case SYMMETRIC_UNIT: return uniform(r, -0.98f, 0.98f);
            case QUANTIZED: return r.nextInt(7) - 3;
            default: throw new AssertionError(this);
        }
    }

    float[] sample(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = sample(r);
        return x;
    }

    private static float uniform(Random r, float lo, float hi) {
        return lo + (hi - lo) * r.nextFloat();
    }
}
