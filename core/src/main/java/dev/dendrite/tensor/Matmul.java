package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * numpy.matmul on the device's batched GEMM. A transposed operand (for example {@code w.t()} in a
 * linear layer) is passed with a transpose flag instead of being copied, and a broadcast operand
 * with batch stride 0. Only layouts the primitive cannot express are copied.
 */
final class Matmul {
    private Matmul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        Check.notNull("matmul", "other", b);
        Check.open("matmul", a, b);
        Check.sameDevice("matmul", a, b);
        Check.floats("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + "; use mul for scalars");
        }
        // vectors become 1-row or 1-column matrices; the helper views stay alive when the graph needs them
        if (a.rank() == 1 && b.rank() == 1) {
            checkInner(a.shape, b.shape, a.shape[0], b.shape[0]);
            Tensor row = a.unsqueeze(0);
            Tensor col = b.unsqueeze(1);
            Tensor prod = matrices(row, col);
            return Graph.releaseTemps(prod.reshape(), row, col, prod);
        }
        if (a.rank() == 1) {
            Tensor row = a.unsqueeze(0);
            Tensor prod = matrices(row, b);
            return Graph.releaseTemps(prod.squeeze(-2), row, prod);
        }
        if (b.rank() == 1) {
            Tensor col = b.unsqueeze(1);
            Tensor prod = matrices(a, col);
            return Graph.releaseTemps(prod.squeeze(-1), col, prod);
        }
        return matrices(a, b);
    }

    /** Both operands at least 2-D. */
    private static Tensor matrices(Tensor a, Tensor b) {
        int m = a.shape[a.rank() - 2];
        int k = a.shape[a.rank() - 1];
        int n = b.shape[b.rank() - 1];
        checkInner(a.shape, b.shape, k, b.shape[b.rank() - 2]);
        if (a.rank() > 2 && b.rank() == 2) {
            // [..., m, k] @ [k, n], as in a linear layer on a batch of sequences: when the batch axes
            // fold into the rows without a copy, one GEMM of all rows does it (as PyTorch does).
            // Besides being one large product instead of many small ones, b's gradient is then one
            // product over all rows rather than a product per batch entry summed afterwards.
            int[] rows = {a.numel() / Math.max(k, 1), k};
            if (k > 0 && Views.viewStrides(a.shape, a.strides, rows) != null) {
                Tensor flat = a.reshape(rows);
                Tensor prod = matrices(flat, b);
                int[] outShape = a.shape.clone();
                outShape[outShape.length - 1] = n;
                return Graph.releaseTemps(prod.reshape(outShape), flat, prod);
            }
        }
        int[] batchShape;
        try {
            batchShape = Broadcast.shape("matmul", Arrays.copyOf(a.shape, a.rank() - 2), Arrays.copyOf(b.shape, b.rank() - 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape) + " cannot be broadcast", e);
        }
        int batch = Shapes.numel(batchShape);
        int[] outShape = Arrays.copyOf(batchShape, batchShape.length + 2);
        outShape[batchShape.length] = m;
        outShape[batchShape.length + 1] = n;
        Tensor out = Tensor.allocate(a.device(), DType.F32, outShape);
        if (out.numel() > 0) {
            if (k == 0) {
                a.device().fill(out.storage.buffer(), 0, out.numel(), 0f);
            } else {
                try (Operand oa = Operand.of(a, batchShape, m, k); Operand ob = Operand.of(b, batchShape, k, n)) {
                    MatmulShape s = new MatmulShape(batch, m, n, k, oa.transposed, ob.transposed, oa.batchStride, ob.batchStride);
                    a.device().matmul(s, oa.buffer, oa.offset, ob.buffer, ob.offset, out.storage.buffer());
                }
            }
        }
        return Graph.record(out, "matmul", g -> new Tensor[] {
            Graph.wants(a) ? Views.sumTo(g.matmul(b.transpose(-1, -2)), a.shape) : null,
            Graph.wants(b) ? gradOfSecond(a, b, g) : null}, a, b);
    }

    /**
     * The gradient of the second operand, {@code a^T g}. When b is a transposed matrix ({@code w.t()}
     * in a linear layer), the product is made as {@code (g^T a)^T}: its values land in w's own
     * layout, so w's gradient (the transpose of this one) is contiguous and reaches w.grad without
     * a transposing copy. (That copy, a strided pass over every weight every step, took about a
     * tenth of an MLP step.)
     */
    private static Tensor gradOfSecond(Tensor a, Tensor b, Tensor g) {
        if (a.rank() == 2 && b.rank() == 2 && b.shape[0] > 1 && b.shape[1] > 1
                && b.strides[0] == 1 && b.strides[1] == b.shape[0]) {
            Tensor inWLayout = g.transpose(0, 1).matmul(a);
            return Graph.releaseTemps(inWLayout.transpose(0, 1), inWLayout);
        }
        return Views.sumTo(a.transpose(-1, -2).matmul(g), b.shape);
    }

    private static void checkInner(int[] aShape, int[] bShape, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(aShape) + " and " + Shapes.str(bShape)
                    + " do not fit: the last dimension of the first (" + ka + ") must equal the "
                    + (bShape.length == 1 ? "only" : "second-to-last") + " dimension of the second (" + kb + ")");
        }
    }

    /** One operand as the primitive reads it: buffer, offset, transpose flag, batch stride. */
    private static final class Operand implements AutoCloseable {
        final DeviceBuffer buffer;
        final int offset;
        final boolean transposed;
        final int batchStride;
        private final Tensor temp;

        private Operand(Tensor t, boolean transposed, int batchStride, Tensor temp) {
            this.buffer = t.storage.buffer();
            this.offset = t.offset;
            this.transposed = transposed;
            this.batchStride = batchStride;
            this.temp = temp;
        }

        /** Tries the tensor as it is, then a contiguous copy, then a copy expanded to the full batch. */
        static Operand of(Tensor t, int[] batchShape, int rows, int cols) {
            Operand direct = tryLayout(t, batchShape, rows, cols, null);
            if (direct != null) return direct;
            Tensor copy = Tensor.copyOf(t, DType.F32);
            Operand packed = tryLayout(copy, batchShape, rows, cols, copy);
            if (packed != null) return packed;
            copy.close();
            int[] full = Arrays.copyOf(batchShape, batchShape.length + 2);
            full[batchShape.length] = rows;
            full[batchShape.length + 1] = cols;
            int[] strides = Broadcast.strides(t.shape, t.strides, full);
            try (Tensor expanded = Tensor.alias(t, full, strides, t.offset)) {
                Tensor dense = Tensor.copyOf(expanded, DType.F32);
                return new Operand(dense, false, rows * cols, dense);
            }
        }

        private static Operand tryLayout(Tensor t, int[] batchShape, int rows, int cols, Tensor temp) {
            int r = t.rank();
            int sr = t.strides[r - 2];
            int sc = t.strides[r - 1];
            boolean plain = (rows <= 1 || sr == cols) && (cols <= 1 || sc == 1);
            boolean transposed = !plain && (rows <= 1 || sr == 1) && (cols <= 1 || sc == rows);
            if (!plain && !transposed) return null;
            // the batch axes must walk the matrices with one stride over the flattened batch
            int[] batchStrides = Broadcast.strides(Arrays.copyOf(t.shape, r - 2), Arrays.copyOf(t.strides, r - 2), batchShape);
            Integer stride = null;
            long span = 1;
            for (int d = batchShape.length - 1; d >= 0; d--) {
                if (batchShape[d] != 1) {
                    if (stride == null) {
                        if (batchStrides[d] % span != 0) return null;
                        stride = (int) (batchStrides[d] / span);
                    } else if ((long) batchStrides[d] != (long) stride * span) {
                        return null;
                    }
                }
                span *= batchShape[d];
            }
            return new Operand(t, transposed, stride == null ? rows * cols : stride, temp);
        }

        @Override public void close() {
            if (temp != null) temp.close();
        }
    }
}
