package dev.dendrite.tensor;

import dev.dendrite.device.DType;

/**
 * softmax and log-softmax along one axis: one device call on the [outer, len, inner] block around
 * that axis. The backward rules are written with tensor ops:
 * softmax {@code dx = y * (g - sum(g * y))}, log-softmax {@code dx = g - exp(y) * sum(g)}.
 */
final class Softmax {
    private Softmax() {}

    static Tensor softmax(Tensor x, int axis, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        Check.open(name, x);
        Check.floats(name, x);
        if (x.rank() == 0) {
            throw new IllegalArgumentException(name + ": needs at least 1 dimension, got a 0-d tensor");
        }
        int a = Check.axis(name, axis, x.rank(), x.shape);
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < a; d++) outer *= x.shape[d];
        for (int d = a + 1; d < x.rank(); d++) inner *= x.shape[d];
        int len = x.shape[a];
        Tensor out = Tensor.allocate(x.device(), DType.F32, x.shape);
        if (out.numel() > 0) {
            try (BlockOperand xo = BlockOperand.of(x, a, a + 1)) {
                x.device().softmax(xo.view(), outer, len, inner, log, out.storage.buffer());
            }
        }
        return Graph.record(out, name, g -> {
            if (log) {
                Tensor total = g.sum(a, true);
                return new Tensor[] {g.sub(out.exp().mul(total))};
            }
            Tensor dot = g.mul(out).sum(a, true);
            return new Tensor[] {g.sub(dot).mul(out)};
        }, x);
    }
}
