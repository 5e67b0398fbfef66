package dev.dendrite.device;

/**
 * Elementwise ops with two tensor inputs, broadcast through strides: {@code y = f(a, b)}.
 * Comparisons give 1.0 where true and 0.0 where false. The {@code *_BACKWARD} ops fuse the
 * derivative of an activation with the incoming gradient: {@code a} is the forward value named
 * in the comment and {@code b} the gradient of the output.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN,
    EQ, NE, LT, LE, GT, GE,
    /** {@code a = x}: {@code b * (x > 0)}. */
    RELU_BACKWARD,
    /** {@code a = y = sigmoid(x)}: {@code b * y * (1 - y)}. */
    SIGMOID_BACKWARD,
    /** {@code a = y = tanh(x)}: {@code b * (1 - y * y)}. */
    TANH_BACKWARD,
    /** {@code a = x}: {@code b * d/dx (x * Phi(x))}. */
    GELU_BACKWARD,
    /** {@code a = x}: {@code b * d/dx} of the tanh-approximated GELU. */
    GELU_TANH_BACKWARD
}
