package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.internal.Shapes;

/**
 * gather, scatter-add and index-select along one axis, through the device's indexing primitives
 * on the [outer, len, inner] block around that axis. Index values are checked on the host before
 * any device call, so a bad label is an exception naming it, never a read outside a buffer; the
 * check uses bounds the host already knows where it can (see checkRange).
 */
final class Indexing {
    private Indexing() {}

    static Tensor gather(Tensor x, int axis, Tensor index) {
        Check.notNull("gather", "index", index);
        Check.open("gather", x, index);
        Check.sameDevice("gather", x, index);
        Check.floats("gather", x);
        Check.dtype("gather", index, DType.I32);
        int a = Check.axis("gather", axis, x.rank(), x.shape);
        requireSameExceptAxis("gather", "index", index.shape, "input", x.shape, a);
        checkRange("gather", index, x.shape[a], a, x.shape);
        int outer = product(x.shape, 0, a);
        int inner = product(x.shape, a + 1, x.rank());
        int count = index.shape[a];
        Device device = x.device();
        Tensor out = Tensor.allocate(device, DType.F32, index.shape);
        if (out.numel() > 0) {
            try (BlockOperand xo = BlockOperand.of(x, a, a + 1); Dense id = Dense.of(index)) {
                device.gather(xo.view(), outer, x.shape[a], inner, id.buffer(), count, out.storage.buffer());
            }
        }
        return Graph.record(out, "gather", g -> new Tensor[] {scatterInto(x.shape, device, a, index, g), null}, x, index);
    }

    static Tensor scatterAdd(Tensor self, int axis, Tensor index, Tensor src) {
        Check.notNull("scatterAdd", "index", index);
        Check.notNull("scatterAdd", "src", src);
        Check.open("scatterAdd", self, index, src);
        Check.sameDevice("scatterAdd", self, index, src);
        Check.floats("scatterAdd", self, src);
        Check.dtype("scatterAdd", index, DType.I32);
        int a = Check.axis("scatterAdd", axis, self.rank(), self.shape);
        if (!java.util.Arrays.equals(index.shape, src.shape)) {
            throw new IllegalArgumentException("scatterAdd: index " + Shapes.str(index.shape) + " and src "
                    + Shapes.str(src.shape) + " must have the same shape");
        }
        requireSameExceptAxis("scatterAdd", "index", index.shape, "self", self.shape, a);
        checkRange("scatterAdd", index, self.shape[a], a, self.shape);
        Tensor out = Tensor.copyOf(self, DType.F32);
        addAt(out, a, index, src);
        return Graph.record(out, "scatterAdd", g -> new Tensor[] {
            Graph.wants(self) ? g : null,
            null,
            Graph.wants(src) ? g.gather(a, index) : null}, self, index, src);
    }

    static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        Check.notNull("indexSelect", "index", index);
        Check.open("indexSelect", x, index);
        Check.sameDevice("indexSelect", x, index);
        Check.floats("indexSelect", x);
        Check.dtype("indexSelect", index, DType.I32);
        if (index.rank() > 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + Shapes.str(index.shape));
        }
        int a = Check.axis("indexSelect", axis, x.rank(), x.shape);
        checkRange("indexSelect", index, x.shape[a], a, x.shape);
        int count = index.numel();
        int outer = product(x.shape, 0, a);
        int inner = product(x.shape, a + 1, x.rank());
        int[] outShape = x.shape.clone();
        outShape[a] = count;
        Device device = x.device();
        Tensor out = Tensor.allocate(device, DType.F32, outShape);
        if (out.numel() > 0) {
            try (BlockOperand xo = BlockOperand.of(x, a, a + 1); Dense id = Dense.of(index)) {
                device.indexSelect(xo.view(), outer, x.shape[a], inner, id.buffer(), count, out.storage.buffer());
            }
        }
        return Graph.record(out, "indexSelect", g -> {
            Tensor gx = Tensor.zeros(device, x.shape);
            if (g.numel() > 0) {
                try (BlockOperand go = BlockOperand.of(g, a, a + 1); Dense id = Dense.of(index)) {
                    device.indexAdd(gx.storage.buffer(), outer, x.shape[a], inner, id.buffer(), count, go.view());
                }
            }
            return new Tensor[] {gx, null};
        }, x, index);
    }

    // ------------------------------------------------------------------ helpers

    /** Zeros of {@code shape} with {@code src} scatter-added at {@code index} (gather's backward). */
    private static Tensor scatterInto(int[] shape, Device device, int axis, Tensor index, Tensor src) {
        Tensor out = Tensor.zeros(device, shape);
        addAt(out, axis, index, src);
        return out;
    }

    /** In place on the dense {@code dst}: {@code dst[.., index[..], ..] += src[..]} along {@code axis}. */
    private static void addAt(Tensor dst, int axis, Tensor index, Tensor src) {
        if (src.numel() == 0) return;
        int outer = product(dst.shape, 0, axis);
        int inner = product(dst.shape, axis + 1, dst.rank());
        try (Dense id = Dense.of(index); BlockOperand so = BlockOperand.of(src, axis, axis + 1)) {
            dst.device().scatterAdd(dst.storage.buffer(), outer, dst.shape[axis], inner, id.buffer(), index.shape[axis],
                    so.view());
        }
    }

    private static void requireSameExceptAxis(String op, String aName, int[] a, String bName, int[] b, int axis) {
        boolean ok = a.length == b.length;
        for (int d = 0; ok && d < a.length; d++) ok = d == axis || a[d] == b[d];
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + aName + " " + Shapes.str(a) + " must have the shape of "
                    + bName + " " + Shapes.str(b) + " except along axis " + axis);
        }
    }

    /**
     * Every index value must lie in [0, size). When the host knows bounds on the values of the
     * index's storage and they fit (it came from host data: Tensor.of, the DataLoader's labels, an
     * argmax; see IntRange), nothing is read back, so a training step does not wait for the device.
     * Otherwise (an index computed on the device, or bounds that do not fit this view) the values
     * are read back, which waits for the device's queue, and checked one by one.
     */
    private static void checkRange(String op, Tensor index, int size, int axis, int[] shape) {
        if (index.numel() == 0) return;
        IntRange known = index.storage.valueRange();
        if (known != null && known.within(size)) return;
        int[] values = Readback.ints(index);
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < 0 || v >= size) {
                throw new IllegalArgumentException(op + ": index " + v + " (at position " + i + " of index shape "
                        + Shapes.str(index.shape) + ") is out of range for axis " + axis + " of size " + size
                        + " (input shape " + Shapes.str(shape) + ")");
            }
        }
    }

    private static int product(int[] shape, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) p *= shape[d];
        return (int) p;
    }
}
