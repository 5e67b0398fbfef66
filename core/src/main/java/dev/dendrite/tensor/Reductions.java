package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * Reductions over any set of axes, all through one device primitive that reduces the middle axis
 * of an [outer, len, inner] view. When the reduced axes are one run of neighbours (the common
 * case: the last axis, or the batch axis) the tensor is read where it lies, strided or not (see
 * BlockOperand for the one layout that is copied first); otherwise each run is folded in its own
 * pass, innermost first.
 */
final class Reductions {
    /** Marker for "all axes". */
    static final int[] ALL = null;

    private Reductions() {}

    /** Which axes are reduced, and the resulting shapes. */
    private static final class Plan {
        final boolean[] reduced;
        final int[] keepShape; // reduced axes kept as size 1
        final int[] outShape;  // as returned (keepdim or not)
        final int len;         // elements folded into each result
        final int lo;
        final int hi;          // reduced axes are lo..hi when they form one block (else lo = -1)

        Plan(String op, int[] shape, int[] axes, boolean keepdim) {
            int rank = shape.length;
            reduced = new boolean[rank];
            if (axes == ALL) {
                java.util.Arrays.fill(reduced, true);
            } else {
                for (int a : axes) {
                    int n = Check.axis(op, a, rank, shape);
                    if (reduced[n]) {
                        throw new IllegalArgumentException(op + ": axis " + a + " is listed twice in "
                                + Shapes.str(axes) + " for shape " + Shapes.str(shape));
                    }
                    reduced[n] = true;
                }
            }
            keepShape = shape.clone();
            long l = 1;
            int kept = 0;
            int first = -1;
            int last = -1;
            for (int d = 0; d < rank; d++) {
                if (reduced[d]) {
                    l *= shape[d];
                    keepShape[d] = 1;
                    if (first < 0) first = d;
                    last = d;
                } else {
                    kept++;
                }
            }
            len = (int) l;
            boolean block = true;
            for (int d = first; first >= 0 && d <= last; d++) block &= reduced[d];
            lo = block ? first : -1;
            hi = last;
            if (keepdim) {
                outShape = keepShape.clone();
            } else {
                outShape = new int[kept];
                for (int d = 0, j = 0; d < rank; d++) if (!reduced[d]) outShape[j++] = shape[d];
            }
        }

        int[] reducedAxes() {
            int n = 0;
            for (boolean r : reduced) if (r) n++;
            int[] axes = new int[n];
            for (int d = 0, j = 0; d < reduced.length; d++) if (reduced[d]) axes[j++] = d;
            return axes;
        }
    }

    // ------------------------------------------------------------------ ops

    static Tensor sum(Tensor x, int[] axes, boolean keepdim) {
        Plan plan = begin("sum", x, axes, keepdim);
        Tensor out = run(ReduceOp.SUM, x, plan, DType.F32);
        return Graph.record(out, "sum", g -> new Tensor[] {spread(g, plan, x.shape)}, x);
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepdim) {
        Plan plan = begin("mean", x, axes, keepdim);
        Tensor out = run(ReduceOp.MEAN, x, plan, DType.F32);
        return Graph.record(out, "mean", g -> {
            try (Tensor scaled = g.mul(1f / plan.len)) {
                return new Tensor[] {spread(scaled, plan, x.shape)};
            }
        }, x);
    }

    /** max (or min); the gradient is shared equally by all elements equal to the result. */
    static Tensor extreme(Tensor x, int[] axes, boolean keepdim, boolean max) {
        String name = max ? "max" : "min";
        Plan plan = begin(name, x, axes, keepdim);
        requireNonEmpty(name, x, plan);
        Tensor out = run(max ? ReduceOp.MAX : ReduceOp.MIN, x, plan, DType.F32);
        return Graph.record(out, name, g -> {
            Tensor mask = x.eq(out.reshape(plan.keepShape));
            Tensor count = mask.sum(plan.reducedAxes(), true);
            return new Tensor[] {g.reshape(plan.keepShape).div(count).mul(mask)};
        }, x);
    }

    static Tensor argmax(Tensor x, int axis, boolean keepdim) {
        Plan plan = begin("argmax", x, new int[] {axis}, keepdim);
        requireNonEmpty("argmax", x, plan);
        Tensor out = run(ReduceOp.ARGMAX, x, plan, DType.I32);
        out.storage.valueRange(new IntRange(0, plan.len - 1));   // positions along the axis, known without reading them
        return out;
    }

    // ------------------------------------------------------------------ machinery

    private static Plan begin(String op, Tensor x, int[] axes, boolean keepdim) {
        Check.open(op, x);
        Check.floats(op, x);
        return new Plan(op, x.shape, axes, keepdim);
    }

    private static void requireNonEmpty(String op, Tensor x, Plan plan) {
        if (plan.len == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over an empty axis (shape " + Shapes.str(x.shape) + ")");
        }
    }

    private static Tensor run(ReduceOp op, Tensor x, Plan plan, DType outType) {
        Tensor out = Tensor.allocate(x.device(), outType, plan.outShape);
        int total = x.numel();
        int outCount = out.numel();
        if (outCount == 0) return out;
        if (plan.lo >= 0 || plan.len == 1 || x.rank() == 0) {
            int lo = plan.lo >= 0 ? plan.lo : 0;
            int hi = plan.lo >= 0 ? plan.hi : -1;
            int outer = product(x.shape, 0, lo);
            int inner = product(x.shape, hi + 1, x.rank());
            if (plan.lo < 0) { // nothing (or only size-1 axes) reduced: every element is its own result
                outer = total;
                inner = 1;
            }
            int from = plan.lo >= 0 ? lo : x.rank(), to = plan.lo >= 0 ? hi + 1 : x.rank();
            try (BlockOperand xo = BlockOperand.of(x, from, to)) {
                x.device().reduce(op, xo.view(), outer, plan.len, inner, out.storage.buffer());
            }
            return out;
        }
        // reduced axes in several runs (argmax takes one axis, so it never gets here)
        return runByBlocks(op, x, plan, out);
    }

    /**
     * Reduced axes in several runs (a convolution's bias gradient sums [N, C, H, W] over N, H and
     * W): one pass per run, innermost first, each reading the previous pass's smaller result. This
     * folds the same elements as moving the reduced axes to the end would (sum, max and min are
     * associative; every mean averages equally many values), without copying the whole input.
     */
    private static Tensor runByBlocks(ReduceOp op, Tensor x, Plan plan, Tensor out) {
        int rank = x.rank();
        int[] shape = x.shape.clone();
        Tensor current = null; // the previous pass's result (null: x itself)
        for (int hi = rank - 1; hi >= 0; hi--) {
            if (!plan.reduced[hi]) continue;
            int lo = hi;
            while (lo > 0 && plan.reduced[lo - 1]) lo--;
            int outer = product(shape, 0, lo), len = product(shape, lo, hi + 1), inner = product(shape, hi + 1, rank);
            for (int d = lo; d <= hi; d++) shape[d] = 1;
            boolean last = true;
            for (int d = 0; d < lo; d++) last &= !plan.reduced[d];
            Tensor next = last ? out : Tensor.allocate(x.device(), DType.F32, shape);
            // the first pass reads x where it lies; later ones the previous pass's dense result
            try (BlockOperand xo = current == null ? BlockOperand.of(x, lo, hi + 1) : null) {
                View src = xo != null ? xo.view() : View.block(current.storage.buffer(), outer, len, inner);
                x.device().reduce(op, src, outer, len, inner, next.storage.buffer());
            } finally {
                if (current != null) current.close();
            }
            current = next;
            hi = lo;
        }
        return out;
    }

    /** The gradient of a sum: {@code g} broadcast back over the reduced axes (a view, no copy). */
    private static Tensor spread(Tensor g, Plan plan, int[] shape) {
        try (Tensor kept = g.reshape(plan.keepShape)) {
            return kept.expand(shape);
        }
    }

    private static int product(int[] shape, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) p *= shape[d];
        return (int) p;
    }
}
