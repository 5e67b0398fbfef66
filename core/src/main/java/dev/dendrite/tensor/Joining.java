package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * concat and stack: each input is copied, strided, into its slice of the output by the device's
 * {@code copy} primitive (the output slice is just a view with an offset).
 */
final class Joining {
    private Joining() {}

    static Tensor concat(int axis, Tensor... ts) {
        if (ts == null || ts.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        for (Tensor t : ts) Check.notNull("concat", "every tensor", t);
        Check.open("concat", ts);
        Check.sameDevice("concat", ts);
        Tensor first = ts[0];
        if (first.rank() == 0) throw new IllegalArgumentException("concat: cannot join 0-d tensors; use stack");
        int a = Check.axis("concat", axis, first.rank(), first.shape);
        int total = 0;
        for (int i = 0; i < ts.length; i++) {
            Tensor t = ts[i];
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: tensor " + i + " is " + t.dtype() + " but tensor 0 is "
                        + first.dtype());
            }
            boolean ok = t.rank() == first.rank();
            for (int d = 0; ok && d < t.rank(); d++) ok = d == a || t.shape[d] == first.shape[d];
            if (!ok) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shapes.str(t.shape)
                        + " but tensor 0 has " + Shapes.str(first.shape) + "; shapes must match except along axis " + axis);
            }
            total += t.shape[a];
        }
        int[] outShape = first.shape.clone();
        outShape[a] = total;
        Tensor out = Tensor.allocate(first.device(), first.dtype(), outShape);
        int[] outStrides = out.strides;
        int start = 0;
        for (Tensor t : ts) {
            if (t.numel() > 0) {
                View region = new View(out.storage.buffer(), start * outStrides[a], outStrides);
                first.device().copy(t.shape, t.view(), region);
            }
            start += t.shape[a];
        }
        if (first.dtype() == DType.I32) {
            IntRange range = IntRange.EMPTY;
            for (Tensor t : ts) range = IntRange.union(range, t.storage.valueRange());
            out.storage.valueRange(range);
        }
        if (first.dtype() != DType.F32) return out;
        int[] starts = new int[ts.length];
        for (int i = 1; i < ts.length; i++) starts[i] = starts[i - 1] + ts[i - 1].shape[a];
        return Graph.record(out, "concat", g -> {
            Tensor[] grads = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) {
                if (Graph.wants(ts[i])) grads[i] = g.narrow(a, starts[i], ts[i].shape[a]);
            }
            return grads;
        }, ts);
    }

    static Tensor stack(int axis, Tensor... ts) {
        if (ts == null || ts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        for (Tensor t : ts) Check.notNull("stack", "every tensor", t);
        Check.open("stack", ts);
        int rank = ts[0].rank();
        int a = axis < 0 ? axis + rank + 1 : axis;
        if (a < 0 || a > rank) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for tensors of shape "
                    + Shapes.str(ts[0].shape) + " (expected " + (-rank - 1) + " to " + rank + ")");
        }
        for (int i = 1; i < ts.length; i++) {
            if (!java.util.Arrays.equals(ts[i].shape, ts[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(ts[i].shape)
                        + " but tensor 0 has " + Shapes.str(ts[0].shape) + "; all must be equal");
            }
        }
        Tensor[] expanded = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) expanded[i] = ts[i].unsqueeze(a);
        Tensor out = concat(a, expanded);
        return Graph.releaseTemps(out, expanded);
    }
}
