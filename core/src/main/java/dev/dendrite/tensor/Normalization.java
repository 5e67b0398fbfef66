package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * Layer normalisation as one device op (torch.nn.functional.layer_norm): each example is
 * normalised over its last axes, those of {@code normalizedShape}, as one row of a [rows, cols]
 * block. The forward pass saves each row's mean and 1/std, so the backward pass is one more device
 * op that needs neither the output nor any intermediate tensor.
 */
final class Normalization {
    private Normalization() {}

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        String op = "layerNorm";
        Check.notNull(op, "input", x);
        Check.notNull(op, "normalizedShape", normalizedShape);
        Check.open(op, x);
        Check.floats(op, x);
        if (weight != null) Check.open(op, weight);
        if (bias != null) Check.open(op, bias);
        int k = normalizedShape.length;
        if (k == 0 || x.rank() < k
                || !Arrays.equals(Arrays.copyOfRange(x.shape, x.rank() - k, x.rank()), normalizedShape)) {
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shape) + " must end in the normalized shape "
                    + Shapes.str(normalizedShape) + " (at least one axis)");
        }
        affine(op, "weight", weight, x, normalizedShape);
        affine(op, "bias", bias, x, normalizedShape);
        if (!(eps >= 0) || Float.isInfinite(eps)) throw new IllegalArgumentException(op + ": eps must be finite and >= 0, got " + eps);
        int cols = Shapes.numel(normalizedShape);
        int rows = cols == 0 ? 0 : (int) (x.numel() / cols);
        Device device = x.device();
        Tensor out = Tensor.allocate(device, DType.F32, x.shape);
        Tensor mean = Tensor.allocate(device, DType.F32, new int[] {rows});
        Tensor rstd = Tensor.allocate(device, DType.F32, new int[] {rows});
        if (rows > 0) {
            try (Dense xd = Dense.of(x); Dense wd = weight == null ? null : Dense.of(weight);
                 Dense bd = bias == null ? null : Dense.of(bias)) {
                device.layerNorm(rows, cols, eps, xd.buffer(), wd == null ? null : wd.buffer(), bd == null ? null : bd.buffer(),
                        out.storage.buffer(), mean.storage.buffer(), rstd.storage.buffer());
            }
        }
        Graph.record(out, op, g -> backward(g, x, normalizedShape, weight, bias, rows, cols, mean, rstd), x, weight, bias);
        return Graph.releaseTemps(out, mean, rstd);
    }

    private static Tensor[] backward(Tensor g, Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, int rows, int cols,
                                     Tensor mean, Tensor rstd) {
        Device device = x.device();
        Tensor dx = Graph.wants(x) ? Tensor.allocate(device, DType.F32, x.shape) : null;
        Tensor dw = weight != null && Graph.wants(weight) ? Tensor.allocate(device, DType.F32, normalizedShape) : null;
        Tensor db = bias != null && Graph.wants(bias) ? Tensor.allocate(device, DType.F32, normalizedShape) : null;
        if (cols > 0 && (dx != null && rows > 0 || dw != null || db != null)) {
            try (Dense xd = Dense.of(x); Dense gd = Dense.of(g); Dense wd = weight == null ? null : Dense.of(weight)) {
                device.layerNormBackward(rows, cols, xd.buffer(), gd.buffer(), wd == null ? null : wd.buffer(),
                        mean.storage.buffer(), rstd.storage.buffer(), dx == null ? null : dx.storage.buffer(),
                        dw == null ? null : dw.storage.buffer(), db == null ? null : db.storage.buffer());
            }
        }
        return new Tensor[] {dx, dw, db};
    }

    private static void affine(String op, String what, Tensor t, Tensor x, int[] normalizedShape) {
        if (t == null) return;
        Check.sameDevice(op, x, t);
        Check.floats(op, t);
        if (!Arrays.equals(t.shape, normalizedShape)) {
            throw new IllegalArgumentException(op + ": " + what + " must have the normalized shape " + Shapes.str(normalizedShape)
                    + ", got " + Shapes.str(t.shape));
        }
    }
}
