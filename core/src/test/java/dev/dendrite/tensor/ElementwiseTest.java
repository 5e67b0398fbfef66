package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Elementwise ops against plain loops, with broadcasting and non-contiguous operands. */
class ElementwiseTest {
    final Random random = new Random(11);

    static final int[][][] PAIRS = {
        {{3, 17}, {17}},
        {{33, 1}, {1, 129}},
        {{1}, {129}},
        {{2, 3, 1}, {3, 33}},
        {{}, {3, 4}},
        {{17, 3}, {17, 3}},
        {{129}, {}},
        {{0, 3}, {3}},
    };

    void checkBinary(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref, boolean positiveA) {
        int i = 0;
        for (int[][] pair : PAIRS) {
            i++;
            try (Scope s = Scope.open()) {
                float[] a = random(random, numel(pair[0]));
                float[] b = random(random, numel(pair[1]));
                if (positiveA) for (int k = 0; k < a.length; k++) a[k] = Math.abs(a[k]) + 0.1f;
                Tensor ta = either(i, a, pair[0]);
                Tensor tb = either(i / 2, b, pair[1]);
                Tensor out = op.apply(ta, tb);
                int[] shape = broadcast(pair[0], pair[1]);
                assertArrayEquals(shape, out.shape(), name + " shape");
                float[] want = new float[numel(shape)];
                for (int k = 0; k < want.length; k++) {
                    int[] idx = unravel(k, shape);
                    want[k] = (float) ref.applyAsDouble(at(a, pair[0], idx), at(b, pair[1], idx));
                }
                assertClose(want, out, 1e-5);
            }
        }
    }

    @Test
    void binaryArithmetic() {
        checkBinary("add", Tensor::add, (x, y) -> (float) x + (float) y, false);
        checkBinary("sub", Tensor::sub, (x, y) -> (float) x - (float) y, false);
        checkBinary("mul", Tensor::mul, (x, y) -> (float) x * (float) y, false);
        checkBinary("div", Tensor::div, (x, y) -> (float) x / (float) y, false);
        checkBinary("pow", Tensor::pow, Math::pow, true);
        checkBinary("maximum", Tensor::maximum, Math::max, false);
        checkBinary("minimum", Tensor::minimum, Math::min, false);
    }

    @Test
    void comparisonsGiveFloatMasks() {
        checkBinary("eq", Tensor::eq, (x, y) -> x == y ? 1 : 0, false);
        checkBinary("ne", Tensor::ne, (x, y) -> x != y ? 1 : 0, false);
        checkBinary("lt", Tensor::lt, (x, y) -> x < y ? 1 : 0, false);
        checkBinary("le", Tensor::le, (x, y) -> x <= y ? 1 : 0, false);
        checkBinary("gt", Tensor::gt, (x, y) -> x > y ? 1 : 0, false);
        checkBinary("ge", Tensor::ge, (x, y) -> x >= y ? 1 : 0, false);
        try (Scope s = Scope.open()) {
            Tensor pred = Tensor.of(D, new int[] {1, 2, 3, 4});
            Tensor labels = Tensor.of(D, new int[] {1, 0, 3, 0});
            assertArrayEquals(new float[] {1, 0, 1, 0}, pred.eq(labels).toFloatArray());
            assertEquals(0.5f, pred.eq(labels).mean().item());
            assertArrayEquals(new float[] {0, 0, 1, 1}, pred.ge(3f).toFloatArray());
        }
    }

    void checkUnary(String name, Function<Tensor, Tensor> op, DoubleUnaryOperator ref, boolean positive, double tol) {
        int[][] shapes = {{1}, {3}, {17, 33}, {129}, {2, 3, 17}, {}};
        int i = 0;
        for (int[] shape : shapes) {
            i++;
            try (Scope s = Scope.open()) {
                float[] a = random(random, numel(shape));
                if (positive) for (int k = 0; k < a.length; k++) a[k] = Math.abs(a[k]) + 0.05f;
                Tensor out = op.apply(either(i, a, shape));
                assertArrayEquals(shape, out.shape());
                float[] want = new float[a.length];
                for (int k = 0; k < a.length; k++) want[k] = (float) ref.applyAsDouble(a[k]);
                assertClose(want, out, tol);
            }
        }
    }

    @Test
    void unaryFunctions() {
        checkUnary("neg", Tensor::neg, x -> -x, false, 0);
        checkUnary("exp", Tensor::exp, Math::exp, false, 1e-6);
        checkUnary("log", Tensor::log, Math::log, true, 1e-6);
        checkUnary("sqrt", Tensor::sqrt, Math::sqrt, true, 1e-6);
        checkUnary("rsqrt", Tensor::rsqrt, x -> 1 / Math.sqrt(x), true, 1e-5);
        checkUnary("abs", Tensor::abs, Math::abs, false, 0);
        checkUnary("sign", Tensor::sign, Math::signum, false, 0);
        checkUnary("square", Tensor::square, x -> x * x, false, 1e-6);
        checkUnary("reciprocal", Tensor::reciprocal, x -> 1 / x, true, 1e-6);
        checkUnary("relu", Tensor::relu, x -> Math.max(0, x), false, 0);
        checkUnary("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), false, 1e-6);
        checkUnary("tanh", Tensor::tanh, Math::tanh, false, 1e-6);
        checkUnary("gelu", Tensor::gelu, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))), false, 1e-5);
        checkUnary("leakyRelu", t -> t.leakyRelu(0.1f), x -> x > 0 ? x : 0.1 * x, false, 1e-6);
        checkUnary("add scalar", t -> t.add(2.5f), x -> (float) x + 2.5f, false, 0);
        checkUnary("sub scalar", t -> t.sub(2.5f), x -> (float) x - 2.5f, false, 0);
        checkUnary("mul scalar", t -> t.mul(-3f), x -> x * -3, false, 1e-7);
        checkUnary("div scalar", t -> t.div(4f), x -> x / 4, false, 1e-7);
        checkUnary("rsub", t -> t.rsub(1f), x -> 1 - x, false, 1e-7);
        checkUnary("rdiv", t -> t.rdiv(2f), x -> 2 / x, true, 1e-6);
        checkUnary("pow scalar", t -> t.pow(3f), x -> x * x * x, false, 1e-5);
        checkUnary("maximum scalar", t -> t.maximum(0.5f), x -> Math.max(x, 0.5), false, 0);
        checkUnary("minimum scalar", t -> t.minimum(0.5f), x -> Math.min(x, 0.5), false, 0);
        checkUnary("clamp", t -> t.clamp(-1f, 0.5f), x -> Math.max(-1, Math.min(0.5, x)), false, 0);
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse; this series/continued fraction pair is exact to 1e-12. */
    static double erf(double x) {
        double t = Math.abs(x);
        double r;
        if (t < 2.5) {
            double sum = 0, term = t;
            for (int n = 0; n < 100; n++) {
                sum += term / (2 * n + 1);
                term *= -t * t / (n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) f = n / 2.0 / (t + f);
            r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
        }
        return x < 0 ? -r : r;
    }

    @Test
    void whereBroadcastsAllThree() {
        try (Scope s = Scope.open()) {
            float[] c = {1, 0, 1};
            float[] a = random(random, 2 * 3);
            float[] b = {10, 20};
            Tensor out = Tensor.where(tensor(c, 3), strided(a, 2, 3), tensor(b, 2, 1));
            float[] want = new float[6];
            for (int k = 0; k < 6; k++) want[k] = c[k % 3] != 0 ? a[k] : b[k / 3];
            assertClose(want, out, 0);
            Tensor intCond = Tensor.of(D, new int[] {0, 5});
            assertArrayEquals(new float[] {2, 1}, Tensor.where(intCond, Tensor.ones(D, 2), Tensor.full(D, 2f, 2)).toFloatArray());
        }
    }

    @Test
    void dropoutKeepsExpectedFractionAndIsSeeded() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(D, 100, 129);
            float[] a = x.dropout(0.25f, 9, 0).toFloatArray();
            float[] b = x.dropout(0.25f, 9, 0).toFloatArray();
            float[] c = x.dropout(0.25f, 9, 12900).toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
            float[] u = Tensor.rand(D, 9, 100, 129).toFloatArray();
            int kept = 0;
            for (int i = 0; i < a.length; i++) {
                assertEquals(u[i] >= 0.25f ? 1f / 0.75f : 0f, a[i], 1e-6, "mask follows Philox uniforms");
                if (a[i] != 0) kept++;
            }
            assertEquals(0.75, kept / (double) a.length, 0.02);
            assertArrayEquals(x.toFloatArray(), x.dropout(0f, 1, 0).toFloatArray());
            assertArrayEquals(new float[129 * 100], x.dropout(1f, 1, 0).toFloatArray());
        }
    }

    @Test
    void inPlaceUpdates() {
        try (Scope s = Scope.open()) {
            float[] a = random(random, 12);
            Tensor x = tensor(a.clone(), 3, 4);
            x.mul_(2f).add_(1f);
            float[] want = new float[12];
            for (int k = 0; k < 12; k++) want[k] = a[k] * 2 + 1;
            assertClose(want, x, 1e-6);
            x.add_(Tensor.ones(D, 4));
            for (int k = 0; k < 12; k++) want[k] += 1;
            assertClose(want, x, 1e-6);
            x.add_(Tensor.ones(D, 3, 1), -2f);
            for (int k = 0; k < 12; k++) want[k] -= 2;
            assertClose(want, x, 1e-6);
            Tensor t = x.t(); // non-dense target
            t.mul_(0.5f);
            for (int k = 0; k < 12; k++) want[k] *= 0.5f;
            assertClose(want, x, 1e-6);
            x.mul_(Tensor.of(D, new float[] {1, -1, 2, 0.5f}, 4));    // a row broadcast down the rows
            for (int k = 0; k < 12; k++) want[k] *= new float[] {1, -1, 2, 0.5f}[k % 4];
            assertClose(want, x, 1e-6);
            t.mul_(Tensor.scalar(D, -3f));                             // non-dense target, 0-d factor
            for (int k = 0; k < 12; k++) want[k] *= -3f;
            assertClose(want, x, 1e-6);
            IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> x.mul_(Tensor.ones(D, 2, 3, 4)));
            assertTrue(wide.getMessage().startsWith("mul_: [2, 3, 4] cannot be broadcast to [3, 4]"), wide.getMessage());
            x.copy_(Tensor.arange(D, 4));
            assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}, x.toFloatArray());
            x.copy_(x.t().contiguous().reshape(3, 4)); // same storage? no: a copy; and overlapping source:
            Tensor y = Tensor.arange(D, 4).reshape(2, 2);
            y.copy_(y.t());
            assertArrayEquals(new float[] {0, 2, 1, 3}, y.toFloatArray());
            x.fill_(3f);
            x.t().fill_(4f);
            assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, x.toFloatArray());
        }
    }
}
