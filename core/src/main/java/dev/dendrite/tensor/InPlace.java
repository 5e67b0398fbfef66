package dev.dendrite.tensor;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;

/**
 * In-place updates for optimizers, initialisers and running statistics. They are never recorded
 * by autograd. A tensor laid out densely from element 0 is updated by the device directly;
 * any other view is computed into a temporary and copied back into its elements.
 */
final class InPlace {
    private InPlace() {}

    static Tensor copy(Tensor dst, Tensor src) {
        begin("copy_", dst);
        Check.notNull("copy_", "src", src);
        Check.open("copy_", src);
        Check.sameDevice("copy_", dst, src);
        int[] shape = Broadcast.shape("copy_", dst.shape, src.shape);
        if (!java.util.Arrays.equals(shape, dst.shape)) {
            throw new IllegalArgumentException("copy_: source " + Shapes.str(src.shape) + " cannot be broadcast to "
                    + Shapes.str(dst.shape));
        }
        if (dst.numel() == 0) return dst;
        if (dst.dtype() == DType.I32) {   // dst now also holds src's values: widen its bounds (unknown from floats)
            dst.storage.valueRange(IntRange.union(dst.storage.valueRange(),
                    src.dtype() == DType.I32 ? src.storage.valueRange() : null));
        }
        if (src.storage == dst.storage) { // overlapping views: read everything before writing
            try (Tensor snapshot = Tensor.copyOf(src, src.dtype())) {
                dst.device().copy(dst.shape, Broadcast.view(snapshot, dst.shape), dst.view());
            }
        } else {
            dst.device().copy(dst.shape, Broadcast.view(src, dst.shape), dst.view());
        }
        return dst;
    }

    static Tensor fill(Tensor dst, float value) {
        begin("fill_", dst);
        int n = dst.numel();
        if (n == 0) return dst;
        if (dst.isContiguous()) {
            if (dst.dtype() == DType.I32) dst.storage.valueRange(IntRange.union(dst.storage.valueRange(), IntRange.of((int) value)));
            dst.device().fill(dst.storage.buffer(), dst.offset, n, value);
        } else {
            try (Tensor v = Create.full(dst.device(), dst.dtype(), value, new int[0])) {
                copy(dst, v);
            }
        }
        return dst;
    }

    static Tensor mulScalar(Tensor dst, float v) {
        begin("mul_", dst);
        Check.floats("mul_", dst);
        if (dst.numel() == 0) return dst;
        if (Dense.isDense(dst)) {
            dst.device().unary(UnaryOp.MUL_SCALAR, v, dst.shape, dst.view(), dst.storage.buffer());
        } else {
            try (Tensor r = Elementwise.unary("mul_", UnaryOp.MUL_SCALAR, v, dst)) {
                copy(dst, r);
            }
        }
        return dst;
    }

    static Tensor addScalar(Tensor dst, float v) {
        begin("add_", dst);
        Check.floats("add_", dst);
        if (dst.numel() == 0) return dst;
        if (Dense.isDense(dst)) {
            dst.device().unary(UnaryOp.ADD_SCALAR, v, dst.shape, dst.view(), dst.storage.buffer());
        } else {
            try (Tensor r = Elementwise.unary("add_", UnaryOp.ADD_SCALAR, v, dst)) {
                copy(dst, r);
            }
        }
        return dst;
    }

    static Tensor add(Tensor dst, Tensor other) {
        return binary("add_", BinaryOp.ADD, dst, other);
    }

    static Tensor mul(Tensor dst, Tensor other) {
        return binary("mul_", BinaryOp.MUL, dst, other);
    }

    /** {@code dst = dst op other}, other broadcast to dst's shape. */
    private static Tensor binary(String name, BinaryOp op, Tensor dst, Tensor other) {
        begin(name, dst);
        Check.notNull(name, "other", other);
        Check.open(name, other);
        Check.sameDevice(name, dst, other);
        Check.floats(name, dst, other);
        int[] shape = Broadcast.shape(name, dst.shape, other.shape);
        if (!java.util.Arrays.equals(shape, dst.shape)) {
            throw new IllegalArgumentException(name + ": " + Shapes.str(other.shape) + " cannot be broadcast to "
                    + Shapes.str(dst.shape));
        }
        if (dst.numel() == 0) return dst;
        if (Dense.isDense(dst)) {
            View in = dst.view();
            dst.device().binary(op, dst.shape, in, Broadcast.view(other, dst.shape), dst.storage.buffer());
        } else {
            try (Tensor r = Elementwise.binary(name, op, dst, other)) {
                copy(dst, r);
            }
        }
        return dst;
    }

    static Tensor addScaled(Tensor dst, Tensor other, float alpha) {
        if (alpha == 1f) return add(dst, other);
        Check.notNull("add_", "other", other);
        Check.open("add_", other);
        Check.floats("add_", other);
        try (Tensor scaled = Elementwise.unary("add_", UnaryOp.MUL_SCALAR, alpha, other)) {
            return add(dst, scaled);
        }
    }

    /** Open, and not part of a graph that an in-place change would silently corrupt. */
    private static void begin(String op, Tensor dst) {
        Check.notNull(op, "tensor", dst);
        Check.open(op, dst);
        if (dst.requiresGrad && !dst.isLeaf() && Autograd.isEnabled()) {
            throw new IllegalArgumentException(op + ": cannot modify in place a tensor of shape " + Shapes.str(dst.shape)
                    + " that was made by " + dst.gradFn().name() + " and requires grad; its graph would be wrong");
        }
        if (dst.dtype() == DType.I32 && (op.equals("mul_") || op.equals("add_"))) {
            Check.floats(op, dst);
        }
    }
}
