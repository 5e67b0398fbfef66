package dev.dendrite.tensor;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.internal.Shapes;

/**
 * 2-D convolution on NCHW tensors through the device's conv2d primitives: forward, and the two
 * backward passes (input and weight gradients); the bias gradient is a sum over N, H and W.
 * Stride, padding and dilation are (height, width) pairs; groups cut the channels into equal
 * slices, as PyTorch's conv2d does (see {@link Conv2dShape}).
 */
final class Convolution {
    private Convolution() {}

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        Check.notNull("conv2d", "input", x);
        Check.notNull("conv2d", "weight", w);
        Check.open("conv2d", x, w);
        if (bias != null) Check.open("conv2d", bias);
        Check.sameDevice("conv2d", bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
        Check.floats("conv2d", x, w);
        Check.rank("conv2d", x, 4, "[batch, channels, height, width] as input");
        Check.rank("conv2d", w, 4, "[outChannels, inChannels / groups, kernelH, kernelW] as weight");
        pair("conv2d", "stride", stride);
        pair("conv2d", "padding", padding);
        pair("conv2d", "dilation", dilation);
        if (groups <= 0) throw new IllegalArgumentException("conv2d: groups must be positive, got " + groups);
        if (x.shape[1] % groups != 0 || w.shape[0] % groups != 0) {
            throw new IllegalArgumentException("conv2d: " + groups + " groups must divide the input's " + x.shape[1]
                    + " channels (input " + Shapes.str(x.shape) + ") and the weight's " + w.shape[0]
                    + " output channels (weight " + Shapes.str(w.shape) + ")");
        }
        if (x.shape[1] != (long) w.shape[1] * groups) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape) + " has " + x.shape[1]
                    + " channels but weight " + Shapes.str(w.shape) + " expects " + w.shape[1]
                    + (groups == 1 ? "" : " per group, " + (long) w.shape[1] * groups + " in all for " + groups + " groups"));
        }
        if (bias != null) {
            Check.floats("conv2d", bias);
            if (bias.rank() != 1 || bias.shape[0] != w.shape[0]) {
                throw new IllegalArgumentException("conv2d: bias must have shape [" + w.shape[0] + "] for weight "
                        + Shapes.str(w.shape) + ", got " + Shapes.str(bias.shape));
            }
        }
        long spanH = (long) dilation[0] * (w.shape[2] - 1) + 1, spanW = (long) dilation[1] * (w.shape[3] - 1) + 1;
        if (x.shape[2] + 2L * padding[0] < spanH || x.shape[3] + 2L * padding[1] < spanW) {
            throw new IllegalArgumentException("conv2d: kernel " + w.shape[2] + "x" + w.shape[3]
                    + (spanH > w.shape[2] || spanW > w.shape[3] ? " (spanning " + spanH + "x" + spanW + " with dilation "
                            + dilation[0] + "x" + dilation[1] + ")" : "")
                    + " is larger than the padded input " + Shapes.str(x.shape) + " with padding "
                    + padding[0] + "x" + padding[1]);
        }
        Conv2dShape geo = new Conv2dShape(x.shape[0], x.shape[1], x.shape[2], x.shape[3],
                w.shape[0], w.shape[2], w.shape[3], stride[0], stride[1], padding[0], padding[1],
                dilation[0], dilation[1], groups);
        Device device = x.device();
        Tensor out = Tensor.allocate(device, DType.F32, geo.outputShape());
        if (out.numel() > 0) {
            // x is read where it lies (any NCHW view); weight and bias are parameters, dense already
            try (Dense wd = Dense.of(w); Dense bd = bias == null ? null : Dense.of(bias)) {
                device.conv2d(geo, x.view(), wd.buffer(), bd == null ? null : bd.buffer(), out.storage.buffer());
            }
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Graph.record(out, "conv2d", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            try (Dense gd = Dense.of(g)) {
                if (Graph.wants(x)) {
                    grads[0] = Tensor.allocate(device, DType.F32, x.shape);
                    if (x.numel() > 0) {
                        try (Dense wd = Dense.of(w)) {
                            device.conv2dBackwardInput(geo, gd.buffer(), wd.buffer(), grads[0].storage.buffer());
                        }
                    }
                }
                if (Graph.wants(w)) {
                    grads[1] = Tensor.allocate(device, DType.F32, w.shape);
                    device.conv2dBackwardWeight(geo, x.view(), gd.buffer(), grads[1].storage.buffer());
                }
            }
            if (bias != null && Graph.wants(bias)) grads[2] = g.sum(new int[] {0, 2, 3}, false);
            return grads;
        }, inputs);
    }

    /** Checks a (height, width) pair of positive strides, dilations or windows, or of non-negative paddings. */
    static void pair(String op, String what, int[] v) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " must have 2 values (height, width), got "
                    + (v == null ? "null" : Shapes.str(v)));
        }
        boolean ok = what.equals("padding") ? v[0] >= 0 && v[1] >= 0 : v[0] > 0 && v[1] > 0;
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + (what.equals("padding") ? "non-negative" : "positive")
                    + ", got " + Shapes.str(v));
        }
    }
}
