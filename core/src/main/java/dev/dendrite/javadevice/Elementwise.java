package dev.dendrite.javadevice;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.UnaryOp;

/**
 * Row bodies of the elementwise ops: each works on {@code n} elements, reading operand k from
 * {@code off[k]} in steps of {@code step[k]} (0 for a broadcast operand) and writing the output
 * contiguously. The op is chosen once per row, so the loop itself is branch-free.
 *
 * <p>Most transcendentals (log, sqrt, pow, erf) are computed in double and rounded once to float.
 * Those that take an exponential (EXP, SIGMOID, TANH, GELU_TANH and its backward pass) run in float,
 * as {@link Transcendentals} defines them, on every path: the Vector API rows give the same bits.
 */
final class Elementwise {
    private Elementwise() {}

    static void unaryRow(RowKernels rows, UnaryOp op, float alpha, float[] x, int xo, int xs, float[] y, int yo, int n) {
        if (xs == 1 && unaryContiguous(op, alpha, x, xo, y, yo, n)) return;
        if (xs == 1 && rows.transcendental(op, x, xo, y, yo, n)) return;
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i * xs]; }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.exp(x[xo + i * xs]); }
            case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log(x[xo + i * xs]); }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i * xs]); }
            case RSQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) (1.0 / Math.sqrt(x[xo + i * xs])); }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i * xs]); }
            case SIGN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.signum(x[xo + i * xs]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xo + i * xs]; y[yo + i] = v * v; } }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1f / x[xo + i * xs]; }
            // Math.max(v, 0) is exactly relu with NaN passing through (and -0 giving +0), and it is
            // branch-free: a sign test mispredicts half the time on activations.
            case RELU -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i * xs], 0f); }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.sigmoid(x[xo + i * xs]); }
            case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.tanh(x[xo + i * xs]); }
            case GELU -> { for (int i = 0; i < n; i++) y[yo + i] = Erf.gelu(x[xo + i * xs]); }
            case GELU_TANH -> { for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.geluTanh(x[xo + i * xs]); }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i * xs]; y[yo + i] = v > 0 ? v : alpha * v; } }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] + alpha; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] * alpha; }
            case RSUB_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = alpha - x[xo + i * xs]; }
            case RDIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = alpha / x[xo + i * xs]; }
            case POW_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = pow(x[xo + i * xs], alpha); }
            case MAX_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i * xs], alpha); }
            case MIN_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(x[xo + i * xs], alpha); }
            case EQ_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] == alpha ? 1f : 0f; }
            case NE_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] != alpha ? 1f : 0f; }
            case LT_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] < alpha ? 1f : 0f; }
            case LE_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] <= alpha ? 1f : 0f; }
            case GT_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] > alpha ? 1f : 0f; }
            case GE_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i * xs] >= alpha ? 1f : 0f; }
        }
    }

    static void binaryRow(RowKernels rows, BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (as == 1 && bs == 1 && binaryContiguous(rows, op, a, ao, b, bo, y, yo, n)) return;
        if (as == 1 && rows.arithmetic(op, a, ao, b, bo, bs, y, yo, n)) return;
        if (as == 1 && bs == 1 && op == BinaryOp.GELU_TANH_BACKWARD) {
            rows.geluTanhBackward(a, ao, b, bo, y, yo, n);
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] + b[bo + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] - b[bo + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] * b[bo + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] / b[bo + i * bs]; }
            case POW -> { for (int i = 0; i < n; i++) y[yo + i] = pow(a[ao + i * as], b[bo + i * bs]); }
            case MAX -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i * as], b[bo + i * bs]); }
            case MIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i * as], b[bo + i * bs]); }
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] == b[bo + i * bs] ? 1f : 0f; }
            case NE -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] != b[bo + i * bs] ? 1f : 0f; }
            case LT -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] < b[bo + i * bs] ? 1f : 0f; }
            case LE -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] <= b[bo + i * bs] ? 1f : 0f; }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] > b[bo + i * bs] ? 1f : 0f; }
            case GE -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] >= b[bo + i * bs] ? 1f : 0f; }
            case RELU_BACKWARD -> { for (int i = 0; i < n; i++) y[yo + i] = reluGate(a[ao + i * as], b[bo + i * bs]); }
            case SIGMOID_BACKWARD -> { for (int i = 0; i < n; i++) { float s = a[ao + i * as]; y[yo + i] = b[bo + i * bs] * s * (1f - s); } }
            case TANH_BACKWARD -> { for (int i = 0; i < n; i++) { float t = a[ao + i * as]; y[yo + i] = b[bo + i * bs] * (1f - t * t); } }
            case GELU_BACKWARD -> { for (int i = 0; i < n; i++) y[yo + i] = b[bo + i * bs] * Erf.geluDerivative(a[ao + i * as]); }
            case GELU_TANH_BACKWARD -> { for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.geluTanhBackward(a[ao + i * as], b[bo + i * bs]); }
        }
    }

    /*
     * Fast paths for the commonest ops on contiguous rows that start at the same index in every
     * array (a whole tensor, or a thread's chunk of one). C2 (JDK 17) turns a loop into SIMD
     * instructions only when every array is indexed by the same i: with an offset per array
     * (y[yo + i] = x[xo + i]) it cannot rule out that the arrays overlap and the loop stays scalar,
     * 4 to 7 times slower. They return false for ops they do not cover and for unequal offsets.
     */

    private static boolean unaryContiguous(UnaryOp op, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        if (xo != yo) return false;
        int end = yo + n;
        switch (op) {
            case NEG -> { for (int i = yo; i < end; i++) y[i] = -x[i]; }
            case ABS -> { for (int i = yo; i < end; i++) y[i] = Math.abs(x[i]); }
            case SQUARE -> { for (int i = yo; i < end; i++) y[i] = x[i] * x[i]; }
            case SQRT -> { for (int i = yo; i < end; i++) y[i] = (float) Math.sqrt(x[i]); }
            case RELU -> { for (int i = yo; i < end; i++) y[i] = Math.max(x[i], 0f); }
            case ADD_SCALAR -> { for (int i = yo; i < end; i++) y[i] = x[i] + alpha; }
            case MUL_SCALAR -> { for (int i = yo; i < end; i++) y[i] = x[i] * alpha; }
            case RSUB_SCALAR -> { for (int i = yo; i < end; i++) y[i] = alpha - x[i]; }
            default -> { return false; }
        }
        return true;
    }

    private static boolean binaryContiguous(RowKernels rows, BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        if (ao != yo || bo != yo) return false;
        int end = yo + n;
        switch (op) {
            case ADD -> { for (int i = yo; i < end; i++) y[i] = a[i] + b[i]; }
            case SUB -> { for (int i = yo; i < end; i++) y[i] = a[i] - b[i]; }
            case MUL -> { for (int i = yo; i < end; i++) y[i] = a[i] * b[i]; }
            case DIV -> { for (int i = yo; i < end; i++) y[i] = a[i] / b[i]; }
            case RELU_BACKWARD -> rows.reluGate(a, b, y, yo, end);
            default -> { return false; }
        }
        return true;
    }

    /** {@code y = c != 0 ? a : b}. */
    static void whereRow(float[] c, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs,
                         float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = c[co + i * cs] != 0f ? a[ao + i * as] : b[bo + i * bs];
    }

    /**
     * {@code a > 0 ? g : 0}, without a branch: on activations the sign of {@code a} is a coin toss,
     * so a branch mispredicts half the time and costs more than the arithmetic. {@code a > 0} holds
     * exactly when a's bits, read as an int, lie in [1, 0x7F800000] (positive, not zero, not NaN);
     * the two shifts turn those two bounds into all-ones masks.
     */
    static float reluGate(float a, float g) {
        int bits = Float.floatToRawIntBits(a);
        int mask = (-bits >> 31) & ((bits - 0x7F800001) >> 31);
        return Float.intBitsToFloat(Float.floatToRawIntBits(g) & mask);
    }

    /** x^y in double, rounded once; Math.pow follows C's pow for the special cases (0^0 = 1, ...). */
    private static float pow(float x, float y) {
        if (y == 2f) return x * x;
        return (float) Math.pow(x, y);
    }
}
