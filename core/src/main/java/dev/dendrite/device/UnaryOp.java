package dev.dendrite.device;

/**
 * Elementwise ops with one tensor input, {@code y = f(x)} or {@code y = f(x, alpha)} where alpha
 * is a scalar passed with the op. Scalar arithmetic lives here so that {@code x * 2} needs no
 * device buffer for the 2.
 */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, SQUARE, RECIPROCAL,
    RELU, SIGMOID, TANH,
    /** Exact GELU, {@code x * Phi(x)} with the error function, as PyTorch's default. */
    GELU,
    /**
     * GELU with PyTorch's {@code approximate="tanh"}:
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, the form GPT-2 was trained with.
     */
    GELU_TANH,
    /** {@code x > 0 ? x : alpha * x}. */
    LEAKY_RELU,
    /** {@code x + alpha}. */
    ADD_SCALAR,
    /** {@code x * alpha}. */
    MUL_SCALAR,
    /** {@code alpha - x}. */
    RSUB_SCALAR,
    /** {@code alpha / x}. */
    RDIV_SCALAR,
    /** {@code x ^ alpha}. */
    POW_SCALAR,
    /** {@code max(x, alpha)}. */
    MAX_SCALAR,
    /** {@code min(x, alpha)}. */
    MIN_SCALAR,
    /** Comparisons with a scalar give 1.0 where true and 0.0 where false. */
    EQ_SCALAR, NE_SCALAR, LT_SCALAR, LE_SCALAR, GT_SCALAR, GE_SCALAR
}
