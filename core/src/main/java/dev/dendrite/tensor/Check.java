package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;

/**
 * Argument checks shared by all ops. Every message names the op, the shapes involved and what
 * was expected, so that a bad call fails at the call site and never inside a device kernel.
 */
final class Check {
    private Check() {}

    /** Who closes tensors, and how to keep one: a user who meets this has usually lost a tensor to a Scope. */
    static final String CLOSED = " was already closed (by close(), by the Scope it was made in, or by closing the module"
            + " or optimizer that holds it); to use a result after its Scope, keep it with scope.keep(t)";

    static void open(String op, Tensor t) {
        if (t.isClosed()) {
            throw new IllegalStateException(op + ": tensor of shape " + Shapes.str(t.shape) + CLOSED);
        }
    }

    static void open(String op, Tensor... ts) {
        for (Tensor t : ts) open(op, t);
    }

    static void notNull(String op, String what, Object o) {
        if (o == null) throw new IllegalArgumentException(op + ": " + what + " must not be null");
    }

    /** All tensors on the same device. */
    static void sameDevice(String op, Tensor... ts) {
        for (int i = 1; i < ts.length; i++) {
            if (ts[i].device() != ts[0].device()) {
                throw new IllegalArgumentException(op + ": tensors on different devices (" + ts[0].device().name()
                        + " and " + ts[i].device().name() + "); move one with to(device)");
            }
        }
    }

    static void dtype(String op, Tensor t, DType expected) {
        if (t.dtype() != expected) {
            String hint = expected == DType.F32 ? "; convert with toFloat()" : "; convert with toInt()";
            throw new IllegalArgumentException(op + ": expected " + (expected == DType.I32 ? "an " : "a ") + expected + " tensor, got " + t.dtype()
                    + " of shape " + Shapes.str(t.shape) + hint);
        }
    }

    static void floats(String op, Tensor... ts) {
        for (Tensor t : ts) dtype(op, t, DType.F32);
    }

    /** Normalises a possibly negative axis for a tensor of rank {@code rank}. */
    static int axis(String op, int axis, int rank, int[] shape) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of shape "
                    + Shapes.str(shape) + " (expected " + (rank == 0 ? "no axis for a 0-d tensor" : "-" + rank + " to " + (rank - 1)) + ")");
        }
        return a;
    }

    static void rank(String op, Tensor t, int expected, String layout) {
        if (t.rank() != expected) {
            throw new IllegalArgumentException(op + ": expected a " + expected + "-d tensor " + layout + ", got shape "
                    + Shapes.str(t.shape));
        }
    }

    static int[] nonNegativeShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative size in shape " + Shapes.str(shape));
        }
        Shapes.numel(shape);
        return shape.clone();
    }

    static void positive(String op, String what, int v) {
        if (v <= 0) throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + v);
    }
}
