package dev.dendrite.kernels;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.UnaryOp;

/**
 * The int codes the kernels switch on (the UNARY_*, BINARY_* and REDUCE_* defines of
 * elementwise.cl and reduce.cl). Written out rather than taken from {@code ordinal()}, so that
 * reordering an enum cannot silently change which op a kernel runs; the switches are exhaustive,
 * so a new enum constant does not compile until it has a code. KernelSourcesTest checks every
 * code against the #define of the same name.
 */
public final class OpCodes {
    private OpCodes() {}

    public static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case SQRT -> 3;
            case RSQRT -> 4;
            case ABS -> 5;
            case SIGN -> 6;
            case SQUARE -> 7;
            case RECIPROCAL -> 8;
            case RELU -> 9;
            case SIGMOID -> 10;
            case TANH -> 11;
            case GELU -> 12;
            case LEAKY_RELU -> 13;
            case ADD_SCALAR -> 14;
            case MUL_SCALAR -> 15;
            case RSUB_SCALAR -> 16;
            case RDIV_SCALAR -> 17;
            case POW_SCALAR -> 18;
            case MAX_SCALAR -> 19;
            case MIN_SCALAR -> 20;
            case EQ_SCALAR -> 21;
            case NE_SCALAR -> 22;
            case LT_SCALAR -> 23;
            case LE_SCALAR -> 24;
            case GT_SCALAR -> 25;
            case GE_SCALAR -> 26;
            case GELU_TANH -> 27;
        };
    }

    public static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAX -> 5;
            case MIN -> 6;
            case EQ -> 7;
            case NE -> 8;
            case LT -> 9;
            case LE -> 10;
            case GT -> 11;
            case GE -> 12;
            case RELU_BACKWARD -> 13;
            case SIGMOID_BACKWARD -> 14;
            case TANH_BACKWARD -> 15;
            case GELU_BACKWARD -> 16;
            case GELU_TANH_BACKWARD -> 17;
        };
    }

    /** Codes of reduce_rows / reduce_cols; ARGMAX has kernels of its own and no code. */
    public static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MEAN -> 1;
            case MAX -> 2;
            case MIN -> 3;
            case ARGMAX -> throw new IllegalArgumentException("reduce: ARGMAX uses the argmax_* kernels");
        };
    }
}
