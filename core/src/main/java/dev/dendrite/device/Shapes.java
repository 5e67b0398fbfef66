package dev.dendrite.device;

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

    public static String str(int[] shape) { return Arrays.toString(shape); }
}
