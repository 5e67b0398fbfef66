package dev.dendrite.tensor;

import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.Locale;

/**
 * Numpy/PyTorch-style text for a tensor:
 * <pre>
 * tensor([[ 1.5000,  2.0000],
 *         [-3.0000,  4.0000]], shape=[2, 2], dtype=float32, device=java)
 * </pre>
 * Tensors with more than {@value #THRESHOLD} elements show the first and last {@value #EDGE}
 * entries of each long axis with "..." between; only those entries are read back.
 */
final class Printer {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;

    private Printer() {}

    static String print(Tensor t) {
        String info = "shape=" + Shapes.str(t.shape) + ", dtype=" + t.dtype() + ", device=" + t.device().name()
                + (t.gradFn != null ? ", grad_fn=" + t.gradFn : t.requiresGrad ? ", requires_grad=true" : "");
        if (t.isClosed()) return "tensor(<closed>, " + info + ")";
        boolean summarize = t.numel() > THRESHOLD;
        boolean[] elided = new boolean[t.rank()];
        float[] values;
        int[] shape;
        try (GradMode g = Tensor.noGrad(); Tensor shown = summarize ? edges(t, elided) : t.detach()) {
            values = shown.toFloatArray();
            shape = shown.shape;
        }
        if (t.rank() == 0) return "tensor(" + formatter(values, t.dtype()).format(values[0]).trim() + ", " + info + ")";
        Format f = formatter(values, t.dtype());
        StringBuilder sb = new StringBuilder("tensor(");
        appendBlock(sb, values, shape, elided, 0, 0, f, "tensor(".length());
        return sb.append(", ").append(info).append(')').toString();
    }

    /** The first and last EDGE entries of every axis longer than 2 * EDGE, joined on the device. */
    private static Tensor edges(Tensor t, boolean[] elided) {
        Tensor cur = t.detach();
        for (int d = 0; d < t.rank(); d++) {
            int size = cur.shape[d];
            if (size <= 2 * EDGE) continue;
            elided[d] = true;
            try (Tensor head = cur.slice(d, 0, EDGE); Tensor tail = cur.slice(d, size - EDGE, size)) {
                Tensor next = Tensor.concat(d, head, tail);
                cur.close();
                cur = next;
            }
        }
        return cur;
    }

    private static void appendBlock(StringBuilder sb, float[] v, int[] shape, boolean[] elided, int axis, int base,
                                    Format f, int indent) {
        sb.append('[');
        int size = shape[axis];
        int stride = 1;
        for (int d = axis + 1; d < shape.length; d++) stride *= shape[d];
        boolean last = axis == shape.length - 1;
        int lineStart = sb.length();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(',');
                if (last) {
                    if (sb.length() - lineStart + f.width + 2 > LINE_WIDTH - indent) {
                        sb.append('\n').append(" ".repeat(indent + 1));
                        lineStart = sb.length();
                    } else {
                        sb.append(' ');
                    }
                } else {
                    sb.append("\n".repeat(shape.length - axis - 1)).append(" ".repeat(indent + 1));
                }
            }
            if (elided[axis] && i == EDGE) {
                sb.append("...,");
                if (last) sb.append(' ');
                else sb.append("\n".repeat(shape.length - axis - 1)).append(" ".repeat(indent + 1));
            }
            if (last) sb.append(f.format(v[base + i]));
            else appendBlock(sb, v, shape, elided, axis + 1, base + i * stride, f, indent + 1);
        }
        sb.append(']');
    }

    /** How numbers are written: integers, fixed point or scientific, padded to one width. */
    private static final class Format {
        final String pattern; // null: integer mode
        final boolean intDtype;
        int width;

        Format(String pattern, boolean intDtype) {
            this.pattern = pattern;
            this.intDtype = intDtype;
        }

        String raw(float x) {
            if (Float.isNaN(x)) return "nan";
            if (Float.isInfinite(x)) return x > 0 ? "inf" : "-inf";
            if (intDtype) return Integer.toString((int) x);
            if (pattern == null) return String.format(Locale.ROOT, "%.0f.", x);
            return String.format(Locale.ROOT, pattern, x);
        }

        String format(float x) {
            String s = raw(x);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }

    private static Format formatter(float[] values, DType dtype) {
        boolean allIntegers = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (float x : values) {
            if (!Float.isFinite(x)) continue;
            double a = Math.abs(x);
            if (x != Math.rint(x)) allIntegers = false;
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) minAbs = Math.min(minAbs, a);
        }
        Format f;
        if (dtype == DType.I32) f = new Format(null, true);
        else if (allIntegers && maxAbs < 1e8) f = new Format(null, false);
        else if (maxAbs >= 1e8 || (minAbs < 1e-4 && maxAbs / minAbs > 1e3)) f = new Format("%.4e", false);
        else f = new Format("%.4f", false);
        for (float x : values) f.width = Math.max(f.width, f.raw(x).length());
        return f;
    }
}
