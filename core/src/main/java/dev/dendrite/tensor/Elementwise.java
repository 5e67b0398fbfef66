package dev.dendrite.tensor;

import static dev.dendrite.tensor.Views.sumTo;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;

/**
 * Elementwise ops with NumPy broadcasting, each one device call ({@link Device#unary},
 * {@link Device#binary}, {@link Device#where}) reading its operands through strides, so
 * broadcast and transposed operands are never copied. Each records its derivative.
 */
final class Elementwise {
    private Elementwise() {}

    // ------------------------------------------------------------------ raw device calls

    /** {@code op(x, alpha)} into a new float32 tensor; no graph. */
    static Tensor unary(String name, UnaryOp op, float alpha, Tensor x) {
        Check.open(name, x);
        Check.floats(name, x);
        Tensor out = Tensor.allocate(x.device(), DType.F32, x.shape);
        if (out.numel() > 0) x.device().unary(op, alpha, x.shape, x.view(), out.storage.buffer());
        return out;
    }

    /** {@code op(a, b)} broadcast into a new float32 tensor; no graph. */
    static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        Check.open(name, a, b);
        Check.sameDevice(name, a, b);
        Check.floats(name, a, b);
        int[] shape = Broadcast.shape(name, a.shape, b.shape);
        Tensor out = Tensor.allocate(a.device(), DType.F32, shape);
        if (out.numel() > 0) {
            a.device().binary(op, shape, Broadcast.view(a, shape), Broadcast.view(b, shape), out.storage.buffer());
        }
        return out;
    }

    // ------------------------------------------------------------------ arithmetic

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary("add", BinaryOp.ADD, a, b);
        return Graph.record(out, "add", g -> new Tensor[] {
            Graph.wants(a) ? sumTo(g, a.shape) : null,
            Graph.wants(b) ? sumTo(g, b.shape) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary("sub", BinaryOp.SUB, a, b);
        return Graph.record(out, "sub", g -> new Tensor[] {
            Graph.wants(a) ? sumTo(g, a.shape) : null,
            Graph.wants(b) ? sumTo(g.neg(), b.shape) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary("mul", BinaryOp.MUL, a, b);
        return Graph.record(out, "mul", g -> new Tensor[] {
            Graph.wants(a) ? sumTo(g.mul(b), a.shape) : null,
            Graph.wants(b) ? sumTo(g.mul(a), b.shape) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary("div", BinaryOp.DIV, a, b);
        // d(a/b)/da = 1/b ; d(a/b)/db = -a/b^2 = -out/b
        return Graph.record(out, "div", g -> new Tensor[] {
            Graph.wants(a) ? sumTo(g.div(b), a.shape) : null,
            Graph.wants(b) ? sumTo(g.mul(out).div(b).neg(), b.shape) : null}, a, b);
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binary("pow", BinaryOp.POW, a, b);
        // d(a^b)/da = b * a^(b-1) ; d(a^b)/db = a^b * ln(a)
        return Graph.record(out, "pow", g -> new Tensor[] {
            Graph.wants(a) ? sumTo(g.mul(b).mul(a.pow(b.sub(1f))), a.shape) : null,
            Graph.wants(b) ? sumTo(g.mul(out).mul(a.log()), b.shape) : null}, a, b);
    }

    /** The gradient goes to {@code a} where {@code a >= b} (ties to a), else to {@code b}. */
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binary("maximum", BinaryOp.MAX, a, b);
        return Graph.record(out, "maximum", g -> routeByMask(g, a.ge(b), a, b), a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binary("minimum", BinaryOp.MIN, a, b);
        return Graph.record(out, "minimum", g -> routeByMask(g, a.le(b), a, b), a, b);
    }

    /** Gradient {@code g * mask} to a and {@code g - g * mask} to b, each summed to its shape. */
    private static Tensor[] routeByMask(Tensor g, Tensor mask, Tensor a, Tensor b) {
        Tensor toA = g.mul(mask);
        return new Tensor[] {
            Graph.wants(a) ? sumTo(toA, a.shape) : null,
            Graph.wants(b) ? sumTo(g.sub(toA), b.shape) : null};
    }

    // ------------------------------------------------------------------ with a scalar

    static Tensor addScalar(Tensor x, float v) {
        Tensor out = unary("add", UnaryOp.ADD_SCALAR, v, x);
        return Graph.record(out, "add", g -> new Tensor[] {g}, x);
    }

    static Tensor mulScalar(Tensor x, float v) {
        Tensor out = unary("mul", UnaryOp.MUL_SCALAR, v, x);
        return Graph.record(out, "mul", g -> new Tensor[] {g.mul(v)}, x);
    }

    static Tensor rsub(Tensor x, float v) {
        Tensor out = unary("rsub", UnaryOp.RSUB_SCALAR, v, x);
        return Graph.record(out, "rsub", g -> new Tensor[] {g.neg()}, x);
    }

    static Tensor rdiv(Tensor x, float v) {
        Tensor out = unary("rdiv", UnaryOp.RDIV_SCALAR, v, x);
        // d(v/x)/dx = -v/x^2 = -out/x
        return Graph.record(out, "rdiv", g -> new Tensor[] {g.mul(out).div(x).neg()}, x);
    }

    static Tensor powScalar(Tensor x, float p) {
        Tensor out = unary("pow", UnaryOp.POW_SCALAR, p, x);
        return Graph.record(out, "pow", g -> new Tensor[] {
            p == 0f ? Tensor.zerosLike(x) : g.mul(x.pow(p - 1f).mul(p))}, x);
    }

    static Tensor maxScalar(Tensor x, float v) {
        Tensor out = unary("maximum", UnaryOp.MAX_SCALAR, v, x);
        return Graph.record(out, "maximum", g -> new Tensor[] {g.mul(x.ge(v))}, x);
    }

    static Tensor minScalar(Tensor x, float v) {
        Tensor out = unary("minimum", UnaryOp.MIN_SCALAR, v, x);
        return Graph.record(out, "minimum", g -> new Tensor[] {g.mul(x.le(v))}, x);
    }

    static Tensor clamp(Tensor x, float min, float max) {
        if (!(min <= max)) throw new IllegalArgumentException("clamp: need min <= max, got min=" + min + " max=" + max);
        Tensor out;
        try (Tensor low = unary("clamp", UnaryOp.MAX_SCALAR, min, x)) {
            out = unary("clamp", UnaryOp.MIN_SCALAR, max, low);
        }
        return Graph.record(out, "clamp", g -> new Tensor[] {g.mul(x.ge(min)).mul(x.le(max))}, x);
    }

    // ------------------------------------------------------------------ functions of one tensor

    static Tensor neg(Tensor x) {
        Tensor out = unary("neg", UnaryOp.NEG, 0f, x);
        return Graph.record(out, "neg", g -> new Tensor[] {g.neg()}, x);
    }

    static Tensor exp(Tensor x) {
        Tensor out = unary("exp", UnaryOp.EXP, 0f, x);
        return Graph.record(out, "exp", g -> new Tensor[] {g.mul(out)}, x);
    }

    static Tensor log(Tensor x) {
        Tensor out = unary("log", UnaryOp.LOG, 0f, x);
        return Graph.record(out, "log", g -> new Tensor[] {g.div(x)}, x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = unary("sqrt", UnaryOp.SQRT, 0f, x);
        return Graph.record(out, "sqrt", g -> new Tensor[] {g.div(out).mul(0.5f)}, x);
    }

    static Tensor rsqrt(Tensor x) {
        Tensor out = unary("rsqrt", UnaryOp.RSQRT, 0f, x);
        // d(x^-1/2)/dx = -1/2 x^-3/2 = -1/2 out^3
        return Graph.record(out, "rsqrt", g -> new Tensor[] {g.mul(out.pow(3f)).mul(-0.5f)}, x);
    }

    static Tensor abs(Tensor x) {
        Tensor out = unary("abs", UnaryOp.ABS, 0f, x);
        return Graph.record(out, "abs", g -> new Tensor[] {g.mul(x.sign())}, x);
    }

    static Tensor sign(Tensor x) {
        return unary("sign", UnaryOp.SIGN, 0f, x);
    }

    static Tensor square(Tensor x) {
        Tensor out = unary("square", UnaryOp.SQUARE, 0f, x);
        return Graph.record(out, "square", g -> new Tensor[] {g.mul(x).mul(2f)}, x);
    }

    static Tensor reciprocal(Tensor x) {
        Tensor out = unary("reciprocal", UnaryOp.RECIPROCAL, 0f, x);
        return Graph.record(out, "reciprocal", g -> new Tensor[] {g.mul(out.square()).neg()}, x);
    }

    static Tensor relu(Tensor x) {
        Tensor out = unary("relu", UnaryOp.RELU, 0f, x);
        return Graph.record(out, "relu", g -> new Tensor[] {binary("relu", BinaryOp.RELU_BACKWARD, x, g)}, x);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = unary("sigmoid", UnaryOp.SIGMOID, 0f, x);
        return Graph.record(out, "sigmoid", g -> new Tensor[] {binary("sigmoid", BinaryOp.SIGMOID_BACKWARD, out, g)}, x);
    }

    static Tensor tanh(Tensor x) {
        Tensor out = unary("tanh", UnaryOp.TANH, 0f, x);
        return Graph.record(out, "tanh", g -> new Tensor[] {binary("tanh", BinaryOp.TANH_BACKWARD, out, g)}, x);
    }

    static Tensor gelu(Tensor x) {
        Tensor out = unary("gelu", UnaryOp.GELU, 0f, x);
        return Graph.record(out, "gelu", g -> new Tensor[] {binary("gelu", BinaryOp.GELU_BACKWARD, x, g)}, x);
    }

    /** GELU with PyTorch's {@code approximate="tanh"}. */
    static Tensor geluTanh(Tensor x) {
        Tensor out = unary("geluTanh", UnaryOp.GELU_TANH, 0f, x);
        return Graph.record(out, "geluTanh", g -> new Tensor[] {binary("geluTanh", BinaryOp.GELU_TANH_BACKWARD, x, g)}, x);
    }

    static Tensor leakyRelu(Tensor x, float alpha) {
        Tensor out = unary("leakyRelu", UnaryOp.LEAKY_RELU, alpha, x);
        // slope 1 where x > 0, alpha elsewhere: mask * (1 - alpha) + alpha
        return Graph.record(out, "leakyRelu",
                g -> new Tensor[] {g.mul(x.gt(0f).mul(1f - alpha).add(alpha))}, x);
    }

    // ------------------------------------------------------------------ comparisons (no gradient)

    static Tensor compare(String name, Tensor a, Tensor b) {
        Check.open(name, a, b);
        Check.sameDevice(name, a, b);
        try (Tensor fa = Views.convert(a, DType.F32); Tensor fb = Views.convert(b, DType.F32)) {
            return binary(name, comparison(name), fa, fb);
        }
    }

    static Tensor compareScalar(String name, Tensor x, float v) {
        Check.open(name, x);
        try (Tensor fx = Views.convert(x, DType.F32)) {
            return unary(name, scalarComparison(name), v, fx);
        }
    }

    private static BinaryOp comparison(String name) {
        switch (name) {
            case "eq": return BinaryOp.EQ;
            case "ne": return BinaryOp.NE;
            case "lt": return BinaryOp.LT;
            case "le": return BinaryOp.LE;
            case "gt": return BinaryOp.GT;
            case "ge": return BinaryOp.GE;
            default: throw new AssertionError(name);
        }
    }

    private static UnaryOp scalarComparison(String name) {
        switch (name) {
            case "eq": return UnaryOp.EQ_SCALAR;
            case "ne": return UnaryOp.NE_SCALAR;
            case "lt": return UnaryOp.LT_SCALAR;
            case "le": return UnaryOp.LE_SCALAR;
            case "gt": return UnaryOp.GT_SCALAR;
            case "ge": return UnaryOp.GE_SCALAR;
            default: throw new AssertionError(name);
        }
    }

    // ------------------------------------------------------------------ where and dropout

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Check.notNull("where", "cond", cond);
        Check.open("where", cond, a, b);
        Check.sameDevice("where", cond, a, b);
        Check.floats("where", a, b);
        int[] shape = Broadcast.shape("where", cond.shape, a.shape, b.shape);
        Tensor out = Tensor.allocate(a.device(), DType.F32, shape);
        try (Tensor c = Views.convert(cond, DType.F32)) {
            if (out.numel() > 0) {
                a.device().where(shape, Broadcast.view(c, shape), Broadcast.view(a, shape), Broadcast.view(b, shape),
                        out.storage.buffer());
            }
        }
        return Graph.record(out, "where", g -> {
            try (Tensor mask = cond.ne(0f)) {
                return routeByMask(g, mask, a, b);
            }
        }, a, b);
    }

    static Tensor dropout(Tensor x, float p, long seed, long counterOffset) {
        Check.open("dropout", x);
        Check.floats("dropout", x);
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        if (p == 0f) return addScalar(x, 0f); // a copy, gradient passes unchanged
        if (p == 1f) return mulScalar(x, 0f);
        Device device = x.device();
        int n = x.numel();
        Tensor scale; // 1/(1-p) where kept, 0 where dropped; saved for backward
        try (Tensor u = Tensor.allocate(device, DType.F32, x.shape)) {
            if (n > 0) device.random(u.storage.buffer(), n, Distribution.UNIFORM, seed, counterOffset, 0f, 1f);
            try (Tensor keep = unary("dropout", UnaryOp.GE_SCALAR, p, u)) {
                scale = unary("dropout", UnaryOp.MUL_SCALAR, 1f / (1f - p), keep);
            }
        }
        Tensor out = binary("dropout", BinaryOp.MUL, x, scale);
        return Graph.record(out, "dropout", g -> new Tensor[] {g.mul(scale)}, x);
    }
}
