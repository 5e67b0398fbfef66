package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * Views: new shapes, strides and offsets over the same storage, copying nothing; plus the few
 * ops that copy when they must (contiguous, clone, to, dtype conversion). Each records its
 * backward rule: the gradient of a view is the same view taken backwards.
 */
final class Views {
    private Views() {}

    // ------------------------------------------------------------------ reshape / view

    static Tensor reshape(Tensor x, int[] newShape) {
        Check.open("reshape", x);
        int[] target = inferShape("reshape", x.shape, newShape);
        int[] strides = viewStrides(x.shape, x.strides, target);
        Tensor out = strides != null
                ? Tensor.alias(x, target, strides, x.offset)
                : reshapedCopy(x, target);
        return Graph.record(out, "reshape", g -> new Tensor[] {g.reshape(x.shape)}, x);
    }

    static Tensor view(Tensor x, int[] newShape) {
        Check.open("view", x);
        int[] target = inferShape("view", x.shape, newShape);
        int[] strides = viewStrides(x.shape, x.strides, target);
        if (strides == null) {
            throw new IllegalArgumentException("view: a tensor of shape " + Shapes.str(x.shape) + " with strides "
                    + Shapes.str(x.strides) + " cannot be viewed as " + Shapes.str(target)
                    + " without copying; use reshape() or contiguous() first");
        }
        Tensor out = Tensor.alias(x, target, strides, x.offset);
        return Graph.record(out, "view", g -> new Tensor[] {g.reshape(x.shape)}, x);
    }

    private static Tensor reshapedCopy(Tensor x, int[] target) {
        Tensor copy = Tensor.copyOf(x, x.dtype());
        Tensor out = Tensor.alias(copy, target, Shapes.contiguousStrides(target), 0);
        copy.close();
        return out;
    }

    /** Resolves one -1 and checks that the element count is unchanged. */
    static int[] inferShape(String op, int[] shape, int[] requested) {
        int[] s = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException(op + ": only one size may be -1, got " + Shapes.str(requested));
                }
                inferred = d;
            } else if (s[d] < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + Shapes.str(requested));
            } else {
                known *= s[d];
            }
        }
        int numel = Shapes.numel(shape);
        if (inferred >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(shape) + " (" + numel
                        + " elements) into " + Shapes.str(requested));
            }
            s[inferred] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(shape) + " (" + numel
                    + " elements) into " + Shapes.str(requested) + " (" + known + " elements)");
        }
        return s;
    }

    /**
     * Strides that let {@code newShape} read the same elements as ({@code shape}, {@code strides}),
     * or null when a copy is needed. Walks runs of old axes that are contiguous with each other
     * ("chunks") and splits or merges new axes inside each chunk (PyTorch's computeStride).
     */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        if (Shapes.numel(shape) == 0 || shape.length == 0) return Shapes.contiguousStrides(newShape);
        int[] out = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides[shape.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase);
            if (!chunkEnds) continue;
            while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                out[viewD] = (int) (viewNumel * chunkBase);
                viewNumel *= newShape[viewD];
                viewD--;
            }
            if (viewNumel != tensorNumel) return null;
            if (d > 0) {
                chunkBase = strides[d - 1];
                tensorNumel = 1;
                viewNumel = 1;
            }
        }
        return viewD == -1 ? out : null;
    }

    // ------------------------------------------------------------------ axes

    static Tensor permute(Tensor x, int[] axes) {
        Check.open("permute", x);
        int rank = x.rank();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: got " + axes.length + " axes " + Shapes.str(axes)
                    + " for a tensor of shape " + Shapes.str(x.shape) + " (expected " + rank + ")");
        }
        int[] perm = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int a = Check.axis("permute", axes[i], rank, x.shape);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + axes[i] + " repeats in " + Shapes.str(axes)
                        + " (expected a permutation of 0.." + (rank - 1) + ")");
            }
            seen[a] = true;
            perm[i] = a;
            inverse[a] = i;
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = x.shape[perm[i]];
            strides[i] = x.strides[perm[i]];
        }
        Tensor out = Tensor.alias(x, shape, strides, x.offset);
        return Graph.record(out, "permute", g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor transpose(Tensor x, int a, int b) {
        Check.open("transpose", x);
        int[] perm = identity(x.rank());
        int ia = Check.axis("transpose", a, x.rank(), x.shape);
        int ib = Check.axis("transpose", b, x.rank(), x.shape);
        perm[ia] = ib;
        perm[ib] = ia;
        return permute(x, perm);
    }

    static Tensor t(Tensor x) {
        Check.open("t", x);
        if (x.rank() > 2) {
            throw new IllegalArgumentException("t: expected a tensor with at most 2 dimensions, got shape "
                    + Shapes.str(x.shape) + "; use transpose(a, b) or permute");
        }
        return x.rank() < 2 ? permute(x, identity(x.rank())) : permute(x, new int[] {1, 0});
    }

    // ------------------------------------------------------------------ slicing

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        Check.open("slice", x);
        int a = Check.axis("slice", axis, x.rank(), x.shape);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = x.shape[a];
        int lo = clampIndex(start, size);
        int hi = clampIndex(end, size);
        int length = hi <= lo ? 0 : (hi - lo + step - 1) / step;
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        shape[a] = length;
        strides[a] = x.strides[a] * step;
        int offset = length == 0 ? x.offset : x.offset + lo * x.strides[a];
        Tensor out = Tensor.alias(x, shape, strides, offset);
        return Graph.record(out, "slice", new RegionGrad(x.shape, gx -> gx.slice(a, lo, hi, step)), x);
    }

    static Tensor narrow(Tensor x, int axis, int start, int length) {
        Check.open("narrow", x);
        int a = Check.axis("narrow", axis, x.rank(), x.shape);
        int size = x.shape[a];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " do not fit axis " + axis + " of size " + size + " (shape " + Shapes.str(x.shape) + ")");
        }
        return slice(x, a, s, s + length, 1);
    }

    static Tensor select(Tensor x, int axis, int index) {
        Check.open("select", x);
        int a = Check.axis("select", axis, x.rank(), x.shape);
        int size = x.shape[a];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis
                    + " of size " + size + " (shape " + Shapes.str(x.shape) + ")");
        }
        int[] shape = remove(x.shape, a);
        int[] strides = remove(x.strides, a);
        Tensor out = Tensor.alias(x, shape, strides, x.offset + i * x.strides[a]);
        return Graph.record(out, "select", new RegionGrad(x.shape, gx -> gx.select(a, i)), x);
    }

    // ------------------------------------------------------------------ broadcasting and unit axes

    static Tensor expand(Tensor x, int[] newShape) {
        Check.open("expand", x);
        int rank = newShape.length;
        if (rank < x.rank()) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(x.shape) + " to "
                    + Shapes.str(newShape) + " (fewer dimensions)");
        }
        int lead = rank - x.rank();
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) {
            int want = newShape[d];
            if (d < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: size -1 or negative is not allowed for the new leading dimension " + d
                        + " in " + Shapes.str(newShape));
                shape[d] = want;
                strides[d] = 0;
                continue;
            }
            int have = x.shape[d - lead];
            if (want == -1 || want == have) {
                shape[d] = have;
                strides[d] = x.strides[d - lead];
            } else if (have == 1 && want >= 0) {
                shape[d] = want;
                strides[d] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(x.shape) + " to "
                        + Shapes.str(newShape) + " (dimension " + d + ": " + have + " vs " + want
                        + "; only size-1 dimensions can be expanded)");
            }
        }
        Shapes.numel(shape);
        Tensor out = Tensor.alias(x, shape, strides, x.offset);
        return Graph.record(out, "expand", g -> new Tensor[] {sumTo(g, x.shape)}, x);
    }

    static Tensor squeeze(Tensor x) {
        Check.open("squeeze", x);
        int kept = 0;
        for (int s : x.shape) if (s != 1) kept++;
        int[] shape = new int[kept];
        int[] strides = new int[kept];
        for (int d = 0, j = 0; d < x.rank(); d++) {
            if (x.shape[d] == 1) continue;
            shape[j] = x.shape[d];
            strides[j++] = x.strides[d];
        }
        return unitAxesView("squeeze", x, shape, strides);
    }

    static Tensor squeeze(Tensor x, int axis) {
        Check.open("squeeze", x);
        int a = Check.axis("squeeze", axis, x.rank(), x.shape);
        if (x.shape[a] != 1) return unitAxesView("squeeze", x, x.shape.clone(), x.strides.clone());
        return unitAxesView("squeeze", x, remove(x.shape, a), remove(x.strides, a));
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        Check.open("unsqueeze", x);
        int rank = x.rank();
        int a = axis < 0 ? axis + rank + 1 : axis;
        if (a < 0 || a > rank) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for a tensor of shape "
                    + Shapes.str(x.shape) + " (expected " + (-rank - 1) + " to " + rank + ")");
        }
        int stride = a < rank ? x.shape[a] * x.strides[a] : 1;
        return unitAxesView("unsqueeze", x, insert(x.shape, a, 1), insert(x.strides, a, stride));
    }

    private static Tensor unitAxesView(String op, Tensor x, int[] shape, int[] strides) {
        Tensor out = Tensor.alias(x, shape, strides, x.offset);
        return Graph.record(out, op, g -> new Tensor[] {g.reshape(x.shape)}, x);
    }

    static Tensor flatten(Tensor x, int startAxis, int endAxis) {
        Check.open("flatten", x);
        if (x.rank() == 0) return reshape(x, new int[] {1});
        int s = Check.axis("flatten", startAxis, x.rank(), x.shape);
        int e = Check.axis("flatten", endAxis, x.rank(), x.shape);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis " + endAxis
                    + " for shape " + Shapes.str(x.shape));
        }
        int[] shape = new int[x.rank() - (e - s)];
        int j = 0;
        for (int d = 0; d < s; d++) shape[j++] = x.shape[d];
        long merged = 1;
        for (int d = s; d <= e; d++) merged *= x.shape[d];
        shape[j++] = (int) merged;
        for (int d = e + 1; d < x.rank(); d++) shape[j++] = x.shape[d];
        return reshape(x, shape);
    }

    // ------------------------------------------------------------------ copies

    static Tensor contiguous(Tensor x) {
        Check.open("contiguous", x);
        if (x.isContiguous()) {
            Tensor out = Tensor.alias(x, x.shape.clone(), x.strides.clone(), x.offset);
            return Graph.record(out, "contiguous", g -> new Tensor[] {g}, x);
        }
        return cloneTensor(x);
    }

    static Tensor cloneTensor(Tensor x) {
        Check.open("clone", x);
        Tensor out = Tensor.copyOf(x, x.dtype());
        return Graph.record(out, "clone", g -> new Tensor[] {g}, x);
    }

    static Tensor detach(Tensor x) {
        Check.open("detach", x);
        return Tensor.alias(x, x.shape.clone(), x.strides.clone(), x.offset);
    }

    static Tensor convert(Tensor x, DType dtype) {
        String op = dtype == DType.F32 ? "toFloat" : "toInt";
        Check.open(op, x);
        if (x.dtype() == dtype) {
            Tensor out = Tensor.alias(x, x.shape.clone(), x.strides.clone(), x.offset);
            return Graph.record(out, op, g -> new Tensor[] {g}, x);
        }
        return Tensor.copyOf(x, dtype); // int results carry no gradient; float from int has no graph
    }

    static Tensor to(Tensor x, Device device) {
        Check.open("to", x);
        Check.notNull("to", "device", device);
        Device from = x.device();
        if (from == device) {
            Tensor out = Tensor.alias(x, x.shape.clone(), x.strides.clone(), x.offset);
            return Graph.record(out, "to", g -> new Tensor[] {g}, x);
        }
        Tensor out;
        if (x.dtype() == DType.F32) {
            out = Tensor.of(device, Readback.floats(x), x.shape.clone());
        } else {
            out = Tensor.of(device, Readback.ints(x), x.shape.clone());
        }
        return Graph.record(out, "to", g -> new Tensor[] {g.to(from)}, x);
    }

    // ------------------------------------------------------------------ helpers

    /** Sums {@code g} down to {@code shape}, undoing broadcasting (leading axes and size-1 axes). */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) return g;
        int lead = g.rank() - shape.length;
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int d = 0; d < g.rank(); d++) {
            if (d < lead || (shape[d - lead] == 1 && g.shape[d] != 1)) axes[count++] = d;
        }
        if (count == 0) return g.reshape(shape);
        try (Tensor summed = g.sum(Arrays.copyOf(axes, count), true)) {
            return summed.reshape(shape);
        }
    }

    static int[] identity(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        return p;
    }

    static int[] remove(int[] a, int index) {
        int[] out = new int[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) if (i != index) out[j++] = a[i];
        return out;
    }

    static int[] insert(int[] a, int index, int value) {
        int[] out = new int[a.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == index ? value : a[j++];
        return out;
    }

    private static int clampIndex(int i, int size) {
        int v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, v));
    }
}
