package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The float exponentials of {@link Transcendentals} against exact values (double arithmetic in
 * stable forms, as good as exact at float precision), over a dense sweep of all floats, and their
 * special values. {@code RowKernelsTest} checks that the Vector API lanes give the same bits, so
 * these bounds hold for both paths.
 */
class TranscendentalsTest {
    private static final double K = Math.sqrt(2 / Math.PI), C = 0.044715;

    /** 1 / (1 + e^-x) without cancellation or overflow on either side. */
    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** GELU's argument of the sigmoid: z = 2u = 2k (x + c x^3). */
    static double z(double x) {
        return 2 * K * (x + C * x * x * x);
    }

    static double gelu(double x) {
        return x * sigmoid(z(x));
    }

    /** s + x z' s (1 - s). */
    static double geluDerivative(double x) {
        double s = sigmoid(z(x)), oneMinusS = sigmoid(-z(x));
        return s + x * 2 * K * (1 + 3 * C * x * x) * s * oneMinusS;
    }

    /**
     * |y - exact| in units in the last place of the exact result rounded to float; a subnormal or zero
     * result counts in units of the smallest subnormal; an infinite one must be exactly that.
     */
    static double ulps(double exact, float y) {
        float rounded = (float) exact;
        if (Float.isInfinite(rounded)) return y == rounded ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(y - exact) / Math.max(Math.ulp(rounded), Float.MIN_VALUE);
    }

    /**
     * The worst error of f against exact over every 251st bit pattern (17 million floats of every sign
     * and exponent), within bound(x) ulp; x where exact is NaN is left out.
     */
    private static void sweep(String name, DoubleUnaryOperator exact, FloatFn f, DoubleUnaryOperator bound) {
        double worst = 0;
        float worstX = 0;
        long checked = 0;
        for (long bits = 0; bits < (1L << 32); bits += 251) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) continue;
            double e = exact.applyAsDouble(x);
            if (Double.isNaN(e)) continue; // GELU's infinities, checked with the special values
            double u = ulps(e, f.apply(x)), ratio = u / bound.applyAsDouble(x);
            if (ratio > worst) {
                worst = ratio;
                worstX = x;
            }
            checked++;
        }
        assertTrue(checked > 8_000_000, name + ": checked " + checked);
        assertTrue(worst <= 1, name + ": at x = " + worstX + " " + f.apply(worstX) + ", exact " + exact.applyAsDouble(worstX)
                + ": " + ulps(exact.applyAsDouble(worstX), f.apply(worstX)) + " ulp, bound " + bound.applyAsDouble(worstX));
    }

    interface FloatFn {
        float apply(float x);
    }

    @Test
    void expIsWithinOneUlpAndAFew() {
        sweep("exp", Math::exp, Transcendentals::exp, x -> 1.05);
    }

    @Test
    void sigmoidIsWithinThreeUlps() {
        sweep("sigmoid", TranscendentalsTest::sigmoid, Transcendentals::sigmoid, x -> 3);
    }

    @Test
    void tanhIsWithinTwoUlpsAndOdd() {
        sweep("tanh", Math::tanh, Transcendentals::tanh, x -> 2);
        for (long bits = 0; bits < (1L << 31); bits += 4099) {
            float x = Float.intBitsToFloat((int) bits);
            assertEquals(Float.floatToIntBits(-Transcendentals.tanh(x)), Float.floatToIntBits(Transcendentals.tanh(-x)), "x = " + x);
        }
    }

    /**
     * GELU rounds its argument z to float (as PyTorch's float kernels do), and an error d in z is a
     * relative error of about d in s(z) where s is small: the bound grows with |z| on the left tail.
     */
    @Test
    void geluTanhIsWithinFourUlpsPlusThreeTimesZ() {
        sweep("geluTanh", TranscendentalsTest::gelu, Transcendentals::geluTanh, x -> 4 + 3 * Math.abs(z(x)));
        sweep("geluTanh, x >= -1", x -> x >= -1 ? gelu(x) : Double.NaN, Transcendentals::geluTanh, x -> 3.5);
    }

    /** As the forward pass, and near x = -0.75, where the derivative crosses 0, within 2^-24 of it. */
    @Test
    void geluTanhBackwardIsWithinFourUlpsPlusThreeTimesZ() {
        sweep("geluTanhBackward", TranscendentalsTest::geluDerivative, x -> Transcendentals.geluTanhBackward(x, 1f),
                x -> Math.max(4 + 3 * Math.abs(z(x)), 0x1p-24 / Math.max(Math.ulp((float) geluDerivative(x)), Float.MIN_VALUE)));
        sweep("geluTanhBackward, x >= 0", x -> x >= 0 ? geluDerivative(x) : Double.NaN,
                x -> Transcendentals.geluTanhBackward(x, 1f), x -> 3);
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + ": " + actual);
    }

    private static final float INF = Float.POSITIVE_INFINITY, NAN = Float.NaN;

    @Test
    void expSpecialValues() {
        assertBits(1f, Transcendentals.exp(0f), "e^0");
        assertBits(1f, Transcendentals.exp(-0f), "e^-0");
        assertBits(1f, Transcendentals.exp(Float.MIN_VALUE), "e^MIN_VALUE");
        assertBits(0f, Transcendentals.exp(-INF), "e^-inf");
        assertBits(INF, Transcendentals.exp(INF), "e^inf");
        assertBits(NAN, Transcendentals.exp(NAN), "e^NaN");
        assertBits(INF, Transcendentals.exp(89.5f), "e^89.5");
        assertBits(0f, Transcendentals.exp(-104.5f), "e^-104.5");
        float sub = Transcendentals.exp(-100f);
        assertTrue(sub > 0 && sub < Float.MIN_NORMAL && ulps(Math.exp(-100), sub) <= 1, "e^-100 is subnormal: " + sub);
        float top = Transcendentals.exp(88.72283f);
        assertTrue(top > 3e38f && top < INF, "e^88.72283 is finite: " + top);
    }

    @Test
    void sigmoidSpecialValues() {
        assertBits(0.5f, Transcendentals.sigmoid(0f), "s(0)");
        assertBits(0.5f, Transcendentals.sigmoid(-0f), "s(-0)");
        assertBits(0.5f, Transcendentals.sigmoid(-Float.MIN_VALUE), "s(-MIN_VALUE)");
        assertBits(1f, Transcendentals.sigmoid(INF), "s(inf)");
        assertBits(0f, Transcendentals.sigmoid(-INF), "s(-inf)");
        assertBits(NAN, Transcendentals.sigmoid(NAN), "s(NaN)");
        assertBits(1f, Transcendentals.sigmoid(20f), "s(20)");
        assertBits(0f, Transcendentals.sigmoid(-200f), "s(-200)");
        // the left tail keeps its relative accuracy down to the subnormals, where 1 - s(-x) would give 0
        for (float x : new float[] {-20f, -50f, -87.5f, -95f, -103f}) {
            float s = Transcendentals.sigmoid(x);
            assertTrue(s > 0 && ulps(sigmoid(x), s) <= 3, "s(" + x + ") = " + s + ", exact " + sigmoid(x));
        }
    }

    @Test
    void tanhSpecialValues() {
        assertBits(0f, Transcendentals.tanh(0f), "tanh(0)");
        assertBits(-0f, Transcendentals.tanh(-0f), "tanh(-0)");
        assertBits(Float.MIN_VALUE, Transcendentals.tanh(Float.MIN_VALUE), "tanh(MIN_VALUE)");
        assertBits(-1e-30f, Transcendentals.tanh(-1e-30f), "tanh(-1e-30)");
        assertBits(1f, Transcendentals.tanh(INF), "tanh(inf)");
        assertBits(-1f, Transcendentals.tanh(-INF), "tanh(-inf)");
        assertBits(NAN, Transcendentals.tanh(NAN), "tanh(NaN)");
        assertBits(1f, Transcendentals.tanh(10f), "tanh(10)");
        assertBits(-1f, Transcendentals.tanh(-Float.MAX_VALUE), "tanh(-MAX_VALUE)");
        // both sides of the switch from the polynomial to (1 - e) / (1 + e)
        for (float x : new float[] {Math.nextDown(Transcendentals.TANH_SMALL), Transcendentals.TANH_SMALL}) {
            assertTrue(ulps(Math.tanh(x), Transcendentals.tanh(x)) <= 2, "tanh(" + x + ")");
        }
    }

    @Test
    void geluTanhSpecialValues() {
        assertBits(0f, Transcendentals.geluTanh(0f), "gelu(0)");
        assertBits(-0f, Transcendentals.geluTanh(-0f), "gelu(-0)");
        assertBits(0f, Transcendentals.geluTanh(Float.MIN_VALUE), "gelu(MIN_VALUE): half of it, rounded to even");
        assertBits(INF, Transcendentals.geluTanh(INF), "gelu(inf)");
        assertBits(NAN, Transcendentals.geluTanh(-INF), "gelu(-inf): -inf times 0, as in the reference device");
        assertBits(NAN, Transcendentals.geluTanh(NAN), "gelu(NaN)");
        assertBits(1e20f, Transcendentals.geluTanh(1e20f), "gelu(1e20): x^2 overflows, s = 1");
        assertBits(Float.MAX_VALUE, Transcendentals.geluTanh(Float.MAX_VALUE), "gelu(MAX_VALUE)");
        assertBits(-0f, Transcendentals.geluTanh(-1e20f), "gelu(-1e20)");
        assertBits(-0f, Transcendentals.geluTanh(-20f), "gelu(-20)");
        assertBits(10f, Transcendentals.geluTanh(10f), "gelu(10)");
        float tiny = 1e-20f;
        assertEquals(tiny / 2, Transcendentals.geluTanh(tiny), Math.ulp(tiny / 2), "gelu(tiny) = tiny / 2");
    }

    @Test
    void geluTanhBackwardSpecialValues() {
        assertBits(0.5f, Transcendentals.geluTanhBackward(0f, 1f), "gelu'(0)");
        assertBits(0.5f, Transcendentals.geluTanhBackward(-0f, 1f), "gelu'(-0)");
        assertBits(-1.5f, Transcendentals.geluTanhBackward(0f, -3f), "g gelu'(0)");
        // the limits (the reference device gives NaN, from inf times 0)
        assertBits(1f, Transcendentals.geluTanhBackward(INF, 1f), "gelu'(inf)");
        assertBits(0f, Transcendentals.geluTanhBackward(-INF, 1f), "gelu'(-inf)");
        assertBits(NAN, Transcendentals.geluTanhBackward(NAN, 1f), "gelu'(NaN)");
        assertBits(NAN, Transcendentals.geluTanhBackward(1f, NAN), "g = NaN");
        // x z' overflows float (|x| > 1e13) where e^-|z| is 0: the derivative is s, not inf * 0
        assertBits(1f, Transcendentals.geluTanhBackward(1e20f, 1f), "gelu'(1e20)");
        assertBits(1f, Transcendentals.geluTanhBackward(Float.MAX_VALUE, 1f), "gelu'(MAX_VALUE)");
        assertBits(0f, Transcendentals.geluTanhBackward(-1e20f, 1f), "gelu'(-1e20)");
        assertBits(1f, Transcendentals.geluTanhBackward(20f, 1f), "gelu'(20)");
        assertBits(0f, Transcendentals.geluTanhBackward(-20f, 1f), "gelu'(-20)");
        assertBits(0f, Transcendentals.geluTanhBackward(3f, 0f), "g = 0");
    }
}
