package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.internal.Shapes;

/**
 * Max and average pooling on NCHW tensors through the device's pooling primitives. Max pooling
 * records the winning position of each window (int32) for its backward pass.
 */
final class Pooling {
    private Pooling() {}

    static Tensor pool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean max) {
        String name = max ? "maxPool2d" : "avgPool2d";
        Check.notNull(name, "input", x);
        Check.open(name, x);
        Check.floats(name, x);
        Check.rank(name, x, 4, "[batch, channels, height, width]");
        Convolution.pair(name, "kernel", kernel);
        Convolution.pair(name, "stride", stride);
        Convolution.pair(name, "padding", padding);
        if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
            throw new IllegalArgumentException(name + ": padding " + Shapes.str(padding) + " must be at most half the window "
                    + Shapes.str(kernel));
        }
        if (x.shape[2] + 2 * padding[0] < kernel[0] || x.shape[3] + 2 * padding[1] < kernel[1]) {
            throw new IllegalArgumentException(name + ": window " + Shapes.str(kernel) + " is larger than the padded input "
                    + Shapes.str(x.shape) + " with padding " + Shapes.str(padding));
        }
        Pool2dShape geo = new Pool2dShape(x.shape[0], x.shape[1], x.shape[2], x.shape[3],
                kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
        Device device = x.device();
        Tensor out = Tensor.allocate(device, DType.F32, geo.outputShape());
        Tensor argmax = max ? Tensor.allocate(device, DType.I32, geo.outputShape()) : null;
        if (out.numel() > 0) {
            // read where it lies: the device takes any NCHW view
            if (max) device.maxPool2d(geo, x.view(), out.storage.buffer(), argmax.storage.buffer());
            else device.avgPool2d(geo, x.view(), out.storage.buffer());
        }
        Graph.record(out, name, g -> {
            Tensor gx = Tensor.allocate(device, DType.F32, x.shape);
            if (gx.numel() > 0) {
                try (Dense gd = Dense.of(g)) {
                    if (max) device.maxPool2dBackward(geo, gd.buffer(), argmax.storage.buffer(), gx.storage.buffer());
                    else device.avgPool2dBackward(geo, gd.buffer(), gx.storage.buffer());
                }
            }
            return new Tensor[] {gx};
        }, x);
        if (argmax != null && out.gradFn == null) argmax.close(); // not needed without a backward pass
        return out;
    }
}
