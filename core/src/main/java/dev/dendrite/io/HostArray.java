package dev.dendrite.io;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * An n-dimensional array in host memory, row-major: the form tensors take on their way to and
 * from a file. Holds float32 values ({@link #floats()}) or int32 values ({@link #ints()}).
 */
public final class HostArray {
    private final DType dtype;
    private final int[] shape;
    private final float[] floats;
    private final int[] ints;

    private HostArray(DType dtype, int[] shape, float[] floats, int[] ints) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        int length = floats != null ? floats.length : ints.length;
        if (Shapes.numel(this.shape) != length) {
            throw new IllegalArgumentException("HostArray: shape " + Arrays.toString(shape) + " holds "
                    + Shapes.numel(this.shape) + " elements but the data has " + length);
        }
    }

    /** Wraps (does not copy) {@code data}. */
    public static HostArray ofFloats(float[] data, int... shape) {
        return new HostArray(DType.F32, shape, data, null);
    }

    /** Wraps (does not copy) {@code data}. */
    public static HostArray ofInts(int[] data, int... shape) {
        return new HostArray(DType.I32, shape, null, data);
    }

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int numel() { return floats != null ? floats.length : ints.length; }

    /** The float32 values; an error for an int32 array. */
    public float[] floats() {
        if (floats == null) throw new IllegalStateException("HostArray: asked for float32 data but it holds " + dtype);
        return floats;
    }

    /** The int32 values; an error for a float32 array. */
    public int[] ints() {
        if (ints == null) throw new IllegalStateException("HostArray: asked for int32 data but it holds " + dtype);
        return ints;
    }

    /** True when both have the same dtype, shape and bit-identical values. */
    public boolean sameAs(HostArray other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        if (floats != null) {
            for (int i = 0; i < floats.length; i++) {
                if (Float.floatToRawIntBits(floats[i]) != Float.floatToRawIntBits(other.floats[i])) return false;
            }
            return true;
        }
        return Arrays.equals(ints, other.ints);
    }

    @Override public String toString() {
        return "HostArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
