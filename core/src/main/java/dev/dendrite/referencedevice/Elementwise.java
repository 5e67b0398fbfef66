package dev.dendrite.referencedevice;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;

/**
 * unary, binary and where: one output element at a time, inputs read through their views. Each
 * formula is evaluated in double and rounded to float once, so a result is the float nearest the
 * exact value (up to the few-1e-16 error of Math's functions).
 */
final class Elementwise {
    private Elementwise() {}

    /** GELU_TANH's constants: sqrt(2/pi) and the cubic term's 0.044715. */
    private static final double GELU_K = Math.sqrt(2 / Math.PI), GELU_C = 0.044715;

    /** dst[i] = op(src[i], alpha) over shape, dst contiguous. */
    static void unary(UnaryOp op, float alpha, int[] shape, View src, float[] dst) {
        float[] x = ReferenceBuffer.floats(src.buffer());
        for (int i = 0; i < Shapes.numel(shape); i++) {
            dst[i] = (float) apply(op, x[Views.position(shape, src, i)], alpha);
        }
    }

    /** dst[i] = op(a[i], b[i]) over shape; a broadcast operand has stride 0 in its view. */
    static void binary(BinaryOp op, int[] shape, View a, View b, float[] dst) {
        float[] x = ReferenceBuffer.floats(a.buffer()), y = ReferenceBuffer.floats(b.buffer());
        for (int i = 0; i < Shapes.numel(shape); i++) {
            dst[i] = (float) apply(op, x[Views.position(shape, a, i)], y[Views.position(shape, b, i)]);
        }
    }

    /** dst[i] = cond[i] != 0 ? a[i] : b[i]. */
    static void where(int[] shape, View cond, View a, View b, float[] dst) {
        float[] c = ReferenceBuffer.floats(cond.buffer());
        float[] x = ReferenceBuffer.floats(a.buffer()), y = ReferenceBuffer.floats(b.buffer());
        for (int i = 0; i < Shapes.numel(shape); i++) {
            boolean pickA = c[Views.position(shape, cond, i)] != 0;
            dst[i] = pickA ? x[Views.position(shape, a, i)] : y[Views.position(shape, b, i)];
        }
    }

    /** One unary op on one value, the formulas of {@link UnaryOp}. Comparisons give 1 or 0. */
    static double apply(UnaryOp op, double x, double alpha) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case RELU -> Math.max(x, 0);           // NaN stays NaN, as in PyTorch
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case GELU -> x * ErrorFunction.normalCdf(x);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(GELU_K * (x + GELU_C * x * x * x)));
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ADD_SCALAR -> x + alpha;
            case MUL_SCALAR -> x * alpha;
            case RSUB_SCALAR -> alpha - x;
            case RDIV_SCALAR -> alpha / x;
            case POW_SCALAR -> Math.pow(x, alpha);
            case MAX_SCALAR -> Math.max(x, alpha);
            case MIN_SCALAR -> Math.min(x, alpha);
            case EQ_SCALAR -> x == alpha ? 1 : 0;
            case NE_SCALAR -> x != alpha ? 1 : 0;
            case LT_SCALAR -> x < alpha ? 1 : 0;
            case LE_SCALAR -> x <= alpha ? 1 : 0;
            case GT_SCALAR -> x > alpha ? 1 : 0;
            case GE_SCALAR -> x >= alpha ? 1 : 0;
        };
    }

    /** One binary op on one pair, the formulas of {@link BinaryOp}; a backward op's b is the incoming gradient. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case RELU_BACKWARD -> a > 0 ? b : 0;                  // a = x
            case SIGMOID_BACKWARD -> b * a * (1 - a);             // a = sigmoid(x)
            case TANH_BACKWARD -> b * (1 - a * a);                // a = tanh(x)
            case GELU_BACKWARD -> b * (ErrorFunction.normalCdf(a) + a * ErrorFunction.normalDensity(a)); // a = x
            case GELU_TANH_BACKWARD -> b * geluTanhDerivative(a);                                           // a = x
        };
    }

    /** d/dx 0.5 x (1 + tanh(u)), u = k (x + c x^3): 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2). */
    private static double geluTanhDerivative(double x) {
        double t = Math.tanh(GELU_K * (x + GELU_C * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_K * (1 + 3 * GELU_C * x * x);
    }
}
