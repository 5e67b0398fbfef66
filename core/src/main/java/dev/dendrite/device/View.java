package dev.dendrite.device;

import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * How an op reads (or writes) a buffer as an n-dimensional array: element {@code idx} of the
 * op's logical shape lives at {@code offset + sum(idx[d] * strides[d])}. The strides are in
 * elements and already aligned to the op's shape: a broadcast dimension has stride 0, so kernels
 * broadcast for free by walking strides.
 */
public record View(DeviceBuffer buffer, int offset, int[] strides) {

    /** A contiguous row-major view of {@code shape} starting at element 0. */
    public static View contiguous(DeviceBuffer buffer, int[] shape) {
        return new View(buffer, 0, Shapes.contiguousStrides(shape));
    }

    /**
     * A contiguous {@code [outer, len, inner]} block from element 0: the operand form of the ops
     * that work along one axis (reduce, softmax, the index primitives).
     */
    public static View block(DeviceBuffer buffer, int outer, int len, int inner) {
        return new View(buffer, 0, Shapes.contiguousStrides(new int[] {outer, len, inner}));
    }

    public int rank() { return strides.length; }

    /** True when this view covers {@code shape} densely in row-major order (from any offset). */
    public boolean isDense(int[] shape) { return Shapes.isContiguous(shape, strides); }

    /** Dense and starting at element 0: the layout a bare-buffer operand has. */
    public boolean isDenseFromZero(int[] shape) { return offset == 0 && isDense(shape); }

    @Override public String toString() {
        return "View[offset=" + offset + ", strides=" + Arrays.toString(strides) + "]";
    }
}
