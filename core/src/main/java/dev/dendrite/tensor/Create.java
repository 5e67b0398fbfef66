package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.internal.Shapes;

/** Creation of new tensors: constants, ranges, copies of Java arrays, Philox random numbers. */
final class Create {
    private Create() {}

    static Tensor full(Device device, DType dtype, float value, int[] shape) {
        Check.notNull("full", "device", device);
        int[] s = Check.nonNegativeShape("full", shape);
        Tensor t = Tensor.allocate(device, dtype, s);
        int n = t.numel();
        if (n > 0) device.fill(t.storage.buffer(), 0, n, value);
        if (dtype == DType.I32) t.storage.valueRange(n > 0 ? IntRange.of((int) value) : IntRange.EMPTY);   // (int): Java's cast, as the devices fill
        return t;
    }

    static Tensor arange(Device device, float start, float end, float step) {
        if (step == 0 || !Float.isFinite(step) || !Float.isFinite(start) || !Float.isFinite(end)) {
            throw new IllegalArgumentException("arange: need finite start, end and a non-zero step, got start=" + start
                    + " end=" + end + " step=" + step);
        }
        double count = Math.ceil(((double) end - start) / step);
        int n = (int) Math.max(0, count);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) (start + (double) i * step);
        return of(device, values, new int[] {n});
    }

    static Tensor arangeInt(Device device, int n) {
        if (n < 0) throw new IllegalArgumentException("arangeInt: negative size " + n);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = i;
        return of(device, values, new int[] {n});
    }

    static Tensor of(Device device, float[] data, int[] shape) {
        Check.notNull("of", "data", data);
        int[] s = shapeFor("of", data.length, shape);
        Tensor t = Tensor.allocate(device, DType.F32, s);
        if (data.length > 0) device.upload(data, 0, t.storage.buffer(), 0, data.length);
        return t;
    }

    static Tensor of(Device device, int[] data, int[] shape) {
        Check.notNull("of", "data", data);
        int[] s = shapeFor("of", data.length, shape);
        Tensor t = Tensor.allocate(device, DType.I32, s);
        if (data.length > 0) device.upload(data, 0, t.storage.buffer(), 0, data.length);
        t.storage.valueRange(IntRange.of(data));   // while the values are still host data: index checks need no readback
        return t;
    }

    static Tensor of(Device device, float[][] rows) {
        Check.notNull("of", "rows", rows);
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, expected " + cols
                        + " like row 0");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return of(device, flat, new int[] {rows.length, cols});
    }

    static Tensor uniform(Device device, long seed, float lo, float hi, int[] shape) {
        if (!(lo <= hi)) throw new IllegalArgumentException("uniform: need lo <= hi, got lo=" + lo + " hi=" + hi);
        return random(device, Distribution.UNIFORM, seed, lo, hi, shape);
    }

    static Tensor normal(Device device, long seed, float mean, float std, int[] shape) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: need std >= 0, got " + std);
        return random(device, Distribution.NORMAL, seed, mean, std, shape);
    }

    private static Tensor random(Device device, Distribution dist, long seed, float a, float b, int[] shape) {
        int[] s = Check.nonNegativeShape(dist == Distribution.UNIFORM ? "uniform" : "normal", shape);
        Tensor t = Tensor.allocate(device, DType.F32, s);
        int n = t.numel();
        if (n > 0) device.random(t.storage.buffer(), n, dist, seed, 0L, a, b);
        return t;
    }

    /** The shape of a tensor made from {@code length} values: given, or [length] when none given. */
    private static int[] shapeFor(String op, int length, int[] shape) {
        if (shape == null || shape.length == 0) return new int[] {length};
        int[] s = Check.nonNegativeShape(op, shape);
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values cannot fill shape " + Shapes.str(s)
                    + " (" + Shapes.numel(s) + " elements)");
        }
        return s;
    }
}
