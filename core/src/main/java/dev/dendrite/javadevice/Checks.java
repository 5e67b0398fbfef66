package dev.dendrite.javadevice;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * Range checks done once per op, before any loop runs, so that bad geometry gives a message that
 * names the op and the shapes instead of an ArrayIndexOutOfBoundsException from deep inside a loop.
 */
final class Checks {
    private Checks() {}

    /** Requires {@code [offset, offset + count)} to lie inside an array of {@code length}. */
    static void range(String op, String what, int length, long offset, long count) {
        if (!fits(length, offset, count)) {
            throw new IllegalArgumentException(op + ": " + what + " needs elements [" + offset + ", " + (offset + count)
                    + ") but its buffer holds " + length);
        }
    }

    /**
     * True when {@code [offset, offset + count)} lies inside an array of {@code length}: the test of
     * {@link #range}, for callers that build its message only when it fails.
     */
    static boolean fits(int length, long offset, long count) {
        return offset >= 0 && count >= 0 && offset + count <= length;
    }

    /** Requires every element a strided view of {@code shape} can reach to lie inside an array of {@code length}. */
    static void view(String op, String what, int length, int[] shape, View view) {
        if (view.strides().length != shape.length) {
            throw new IllegalArgumentException(op + ": " + what + " view has rank " + view.strides().length
                    + " but the op's shape " + Shapes.str(shape) + " has rank " + shape.length);
        }
        long lo = view.offset(), hi = view.offset();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) return; // empty: nothing is read or written
            long reach = (long) (shape[d] - 1) * view.strides()[d];
            if (reach < 0) lo += reach; else hi += reach;
        }
        if (lo < 0 || hi >= length) {
            throw new IllegalArgumentException(op + ": " + what + " " + view + " of shape " + Shapes.str(shape)
                    + " reaches elements [" + lo + ", " + hi + "] but its buffer holds " + length);
        }
    }

    static void nonNegative(String op, String what, int value) {
        if (value < 0) throw new IllegalArgumentException(op + ": " + what + " must be >= 0, got " + value);
    }
}
