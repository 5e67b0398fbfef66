package dev.dendrite.kernels;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * The small view structs of the kernels that read one operand through its offset and strides,
 * packed on the host: {@code BlockView} (offset and the strides of [outer, len, inner]; reduce.cl,
 * softmax.cl, index.cl) and {@code NchwView} (offset and the strides of [n, c, h, w]; pool.cl,
 * conv.cl). Passed by value like elementwise.cl's Strided struct, so no launch needs a buffer of
 * its own. Before packing, the view is checked to stay inside its buffer: a kernel reading past
 * the end would read garbage or fault, far from the op that caused it.
 */
public final class ViewArgs {
    private ViewArgs() {}

    /** BlockView {offset, outerStride, lenStride, innerStride} of a rank-3 view over [outer, len, inner]. */
    public static int[] block(String op, View v, int outer, int len, int inner) {
        return pack(op, v, new int[] {outer, len, inner}, 0);
    }

    /**
     * NchwView {offset, nStride, cStride, hStride, wStride} of a rank-4 view over {@code shape},
     * with the offset moved to image {@code firstImage} (the kernels count images from a chunk's start).
     */
    public static int[] nchw(String op, View v, int[] shape, int firstImage) {
        return pack(op, v, shape, firstImage);
    }

    private static int[] pack(String op, View v, int[] shape, int firstIndex) {
        int[] st = v.strides();
        if (st.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected a view of rank " + shape.length + " for shape "
                    + Shapes.str(shape) + ", got " + v);
        }
        long lo = v.offset(), hi = v.offset();
        boolean empty = false;
        for (int d = 0; d < shape.length; d++) {
            empty |= shape[d] == 0;
            long reach = (long) (shape[d] - 1) * st[d];
            if (reach < 0) lo += reach; else hi += reach;
        }
        int length = v.buffer().length();
        if (!empty && (lo < 0 || hi >= length)) {
            throw new IllegalArgumentException(op + ": " + v + " of shape " + Shapes.str(shape) + " reaches elements ["
                    + lo + ", " + hi + "] but its buffer holds " + length);
        }
        int[] packed = new int[1 + st.length];
        packed[0] = Math.toIntExact(v.offset() + (long) firstIndex * st[0]);
        System.arraycopy(st, 0, packed, 1, st.length);
        return packed;
    }
}
