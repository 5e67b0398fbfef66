package dev.dendrite.javadevice;

/**
 * e^x, the logistic sigmoid, tanh and GELU's tanh approximation (forward and backward) in float,
 * built from operations a vector unit has: multiply, add, divide, fused multiply-add, comparisons
 * and integer work on a float's bits. {@link VectorTranscendentals} (and {@link VectorExp}) do the
 * same operations in the same order lane by lane; a fused multiply-add rounds once in both
 * ({@code Math.fma} on floats, the vector fma), so the scalar functions here and the vector lanes
 * give the same bits. They are the java device's only definition of these ops: its scalar loops
 * (strided rows, the scalar device, the last elements of a row that fill no whole vector) call
 * them, so a result never depends on the layout, the thread count or the Vector API's presence.
 * They replaced {@code Math.exp} and {@code Math.tanh} in double (4.5 ns an element, scalar) and a
 * double GELU whose vectors boxed on JDK 17.
 *
 * <p>Accuracy against the exact value (double arithmetic in stable forms, rounded once;
 * {@code TranscendentalsTest} sweeps every 251st float bit pattern and asserts these bounds), in units
 * in the last place of the float result, where a subnormal result counts in units of the smallest
 * subnormal:
 * <ul>
 *   <li>{@link #exp}: 1.02 ulp (Cephes' expf, see {@link VectorExp}).</li>
 *   <li>{@link #sigmoid}: 3 ulp (2.7 measured). {@code 1 / (1 + e^-|x|)}, times {@code e^-|x|} for
 *       negative x, so that the left tail keeps its relative accuracy down to the subnormals instead
 *       of coming out of {@code 1 - something} or an overflowed e^-x.</li>
 *   <li>{@link #tanh}: 2 ulp (1.5 measured). Cephes' odd polynomial below |x| = 0.625,
 *       {@code (1 - e) / (1 + e)} with {@code e = e^-2|x|} above, the sign put back by its bit (so
 *       tanh(-0) = -0 and tanh is exactly odd).</li>
 *   <li>{@link #geluTanh}: {@code x s(z)} with s the sigmoid above and {@code z = 2u}. z itself is
 *       rounded to float (as in PyTorch's float kernels), and an error d in z is a relative error of
 *       about d in s where s is small, so on the left tail the error grows with |z|: 3.5 ulp for
 *       x >= -1, and 4 + 3|z| ulp everywhere (measured 12 ulp at x = -3, 30 at x = -5, 250 near
 *       x = -10, where the value, 1e-37, is about to become subnormal). That is a relative error below
 *       1.3e-5 wherever the result is a normal float, and an absolute error below 3e-9 for x < -3.</li>
 *   <li>{@link #geluTanhBackward}: the derivative {@code s + x z' s (1 - s)} with
 *       {@code s (1 - s) = e r^2}: 3 ulp for x >= 0, 4 + 3|z| ulp elsewhere, except near x = -0.75,
 *       where the derivative crosses zero and the error stays below 2^-24 in absolute terms.</li>
 * </ul>
 * Special values: NaN gives NaN; e^x is 0 below -104 and infinite above 89; sigmoid and tanh are
 * exactly 0/1 and +-1 at the infinities and where float cannot tell them apart; GELU is x for large
 * x and -0 far left, NaN at -infinity (infinity times 0, as in the reference device and PyTorch);
 * its derivative is 1 or 0 wherever the exponential vanishes, the infinities included (where the
 * reference device gives NaN).
 */
final class Transcendentals {
    private Transcendentals() {}

    // ---- e^x (Cephes' expf; VectorExp explains each step)

    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds |v| < 2^22 to a whole number, kept in the low mantissa bits. */
    static final float ROUNDER = 0x1.8p23f;
    static final int ROUNDER_BITS = 0x4B400000;
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI the float nearest to ln 2. */
    static final float LN2_HI = 0.693147182464599609375f, LN2_LO = -1.904654299957768e-9f;
    /** Cephes expf: e^r = 1 + r + r^2 (P0 r^5 + ... + P5), |r| <= ln(2)/2. */
    static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                       P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    /** Above this e^x is infinite in float, below it 0. */
    static final float OVERFLOW = 89f, UNDERFLOW = -104f;

    /** e^x, as {@link VectorExp#exp} computes each lane. */
    static float exp(float x) {
        float t = Math.fma(x, LOG2E, ROUNDER);
        float n = t - ROUNDER;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        float q = Math.fma(p, r * r, r);   // e^r - 1
        int ni = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int half = ni >> 1;
        float s1 = Float.intBitsToFloat((half + 127) << 23), s2 = Float.intBitsToFloat((ni - half + 127) << 23);
        float y = Math.fma(q, s1, s1) * s2;   // e^r s1 s2, the 1 added inside the scaling
        return x < UNDERFLOW ? 0f : x > OVERFLOW ? Float.POSITIVE_INFINITY : y;
    }

    // ---- the logistic sigmoid and tanh

    /** {@code 1 / (1 + e^-x)}: with {@code e = e^-|x|} and {@code r = 1 / (1 + e)}, r for x >= 0, e r below. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float r = 1f / (1f + e);
        return x < 0f ? e * r : r;
    }

    /** Below this |x|, tanh is Cephes' polynomial; above, {@code (1 - e) / (1 + e)}. */
    static final float TANH_SMALL = 0.625f;
    /** Cephes tanhf: tanh(a) = a + a^3 (T0 a^8 + T1 a^6 + T2 a^4 + T3 a^2 + T4) for a < 0.625. */
    static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
                       T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;
    static final int SIGN = 0x80000000;

    static float tanh(float x) {
        float a = Math.abs(x), z = a * a;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(z, T0, T1), z, T2), z, T3), z, T4);
        float small = Math.fma(a * z, p, a);
        float e = exp(a * -2f);
        float big = (1f - e) / (1f + e);
        float t = a < TANH_SMALL ? small : big;
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & SIGN));
    }

    // ---- GELU's tanh approximation

    /**
     * {@code 0.5 x (1 + tanh(u))} with {@code u = k (x + c x^3)}, {@code k = sqrt(2/pi)}, c = 0.044715
     * (PyTorch's {@code approximate="tanh"}, the form GPT-2 was trained with), through
     * {@code 1 + tanh(u) = 2 s(2u)}: {@code x s(z)} with {@code z = 2u = x (2k + 2kc x^2)}.
     */
    static final float TWO_K = (float) (2 * Math.sqrt(2 / Math.PI)), TWO_KC = (float) (2 * Math.sqrt(2 / Math.PI) * 0.044715),
                       SIX_KC = (float) (6 * Math.sqrt(2 / Math.PI) * 0.044715);

    static float geluTanh(float x) {
        return x * sigmoid(x * Math.fma(x * x, TWO_KC, TWO_K));
    }

    /**
     * {@code g} times the derivative of {@link #geluTanh} at x: {@code s + x z' s (1 - s)} with
     * {@code z' = 2k + 6kc x^2} and {@code s (1 - s) = e r^2} (for either sign of z). Where e is 0
     * (|z| > 104) the derivative is s, which also keeps x z' from overflowing into infinity times 0.
     */
    static float geluTanhBackward(float x, float g) {
        float x2 = x * x;
        float z = x * Math.fma(x2, TWO_KC, TWO_K);
        float e = exp(-Math.abs(z));
        float r = 1f / (1f + e);
        float s = z < 0f ? e * r : r;
        float d = Math.fma(x * Math.fma(x2, SIX_KC, TWO_K), e * r * r, s);
        return g * (e == 0f ? s : d);
    }
}
