package dev.dendrite.tensor;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/** NumPy broadcasting: the common shape of two operands, and how each operand is read in it. */
final class Broadcast {
    private Broadcast() {}

    /** The broadcast shape of {@code a} and {@code b}; aligned from the right, a size 1 stretches. */
    static int[] shape(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = dim(a, d - (rank - a.length));
            int db = dim(b, d - (rank - b.length));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a) + " and " + Shapes.str(b)
                        + " cannot be broadcast (dimension " + (d - rank) + ": " + da + " vs " + db + ")");
            }
            out[d] = da == 1 ? db : da;
        }
        return out;
    }

    static int[] shape(String op, int[]... shapes) {
        int[] out = shapes[0];
        for (int i = 1; i < shapes.length; i++) out = shape(op, out, shapes[i]);
        return out;
    }

    /** How {@code t} is read as an array of {@code outShape}: broadcast dimensions get stride 0. */
    static View view(Tensor t, int[] outShape) {
        return new View(t.storage.buffer(), t.offset, strides(t.shape, t.strides, outShape));
    }

    /** {@code strides} of a {@code shape} aligned to {@code outShape}, stride 0 where broadcast. */
    static int[] strides(int[] shape, int[] strides, int[] outShape) {
        int rank = outShape.length;
        int lead = rank - shape.length;
        int[] s = new int[rank];
        for (int d = lead; d < rank; d++) {
            int size = shape[d - lead];
            s[d] = size == 1 && outShape[d] != 1 ? 0 : strides[d - lead];
        }
        return s;
    }

    private static int dim(int[] shape, int d) { return d < 0 ? 1 : shape[d]; }
}
