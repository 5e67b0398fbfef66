package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;

/** Copies a tensor's elements back to Java arrays (row-major); this waits for queued device work. */
final class Readback {
    private Readback() {}

    static float[] floats(Tensor t) {
        Check.open("toFloatArray", t);
        int n = t.numel();
        if (t.dtype() == DType.I32) {
            int[] ints = ints(t);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) out[i] = ints[i];
            return out;
        }
        float[] out = new float[n];
        if (n == 0) return out;
        if (t.isContiguous()) {
            t.device().download(t.storage.buffer(), t.offset, out, 0, n);
        } else {
            try (Tensor c = Tensor.copyOf(t, DType.F32)) {
                c.device().download(c.storage.buffer(), 0, out, 0, n);
            }
        }
        return out;
    }

    static int[] ints(Tensor t) {
        Check.open("toIntArray", t);
        if (t.dtype() != DType.I32) {
            throw new IllegalArgumentException("toIntArray: tensor of shape " + Shapes.str(t.shape) + " is " + t.dtype()
                    + "; convert with toInt() (truncates) or read it with toFloatArray()");
        }
        int n = t.numel();
        int[] out = new int[n];
        if (n == 0) return out;
        if (t.isContiguous()) {
            t.device().download(t.storage.buffer(), t.offset, out, 0, n);
        } else {
            try (Tensor c = Tensor.copyOf(t, DType.I32)) {
                c.device().download(c.storage.buffer(), 0, out, 0, n);
            }
        }
        return out;
    }

    static float item(Tensor t) {
        Check.open("item", t);
        if (t.numel() != 1) {
            throw new IllegalArgumentException("item: needs a tensor with exactly one element, got shape " + Shapes.str(t.shape));
        }
        if (t.dtype() == DType.I32) {
            int[] v = new int[1];
            t.device().download(t.storage.buffer(), t.offset, v, 0, 1);
            return v[0];
        }
        float[] v = new float[1];
        t.device().download(t.storage.buffer(), t.offset, v, 0, 1);
        return v[0];
    }
}
