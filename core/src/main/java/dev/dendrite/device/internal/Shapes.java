package dev.dendrite.device.internal;

import java.util.Arrays;

/** Small shape helpers shared by the tensor layer and every device. */
public final class Shapes {
    private Shapes() {}

    /** Row-major strides, in elements. Dimensions of size 1 get the stride they would have anyway. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = (int) s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /** Number of elements; fails clearly when the product does not fit an int (Java array limit). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than 2^31-1 elements, which Dendrite does not support");
            }
        }
        return (int) n;
    }

    /** True when a view with these strides covers {@code shape} densely in row-major order. */
    public static boolean isContiguous(int[] shape, int[] strides) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /**
     * Groups the dimensions of a strided view into three, {@code [0, from)}, {@code [from, to)} and
     * {@code [to, rank)}, the {@code [outer, len, inner]} block of an op that works along the
     * middle group, and returns the one stride each group is walked with, or null when some group
     * is not a single stride (its dimensions are not nested in row-major order, as after a
     * permutation that moves one of them past another). Size-1 dimensions are ignored, and a group
     * of one element gets stride 0. The element {@code (o, l, i)} of the block is then at
     * {@code offset + o * s[0] + l * s[1] + i * s[2]}.
     */
    public static int[] groupStrides(int[] shape, int[] strides, int from, int to) {
        if (strides.length != shape.length || from < 0 || from > to || to > shape.length) {
            throw new IllegalArgumentException("groupStrides: groups [0, " + from + "), [" + from + ", " + to + "), ["
                    + to + ", " + shape.length + ") do not fit shape " + str(shape) + " with strides " + str(strides));
        }
        for (int d : shape) if (d == 0) return new int[3];   // empty: nothing is read
        int[] bounds = {0, from, to, shape.length};
        int[] grouped = new int[3];
        for (int g = 0; g < 3; g++) {
            long expected = -1;   // the stride the next outer dimension must have to continue the group
            for (int d = bounds[g + 1] - 1; d >= bounds[g]; d--) {
                if (shape[d] == 1) continue;
                if (expected < 0) grouped[g] = strides[d];
                else if (strides[d] != expected) return null;
                expected = (long) strides[d] * shape[d];
            }
        }
        return grouped;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }
}
