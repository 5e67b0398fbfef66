package dev.dendrite.bench.suite;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;

/**
 * One pass of a 2-D convolution layer: forward, gradient of the input, or gradient of the
 * weight. All three do the same number of multiply-adds ({@link Conv2dShape#flops()}).
 */
public final class ConvCase extends KernelCase {
    public enum Pass {
        FORWARD("fwd"), BACKWARD_INPUT("bwd input"), BACKWARD_WEIGHT("bwd weight");

        final String label;

        Pass(String label) { this.label = label; }
    }

    /** The first convolution of the Fashion-MNIST CNN: 1 -> 32 channels, 3x3, on 28x28, batch 128. */
    public static Conv2dShape cnnConv1(int batch) {
        return new Conv2dShape(batch, 1, 28, 28, 32, 3, 3, 1, 1, 0, 0);
    }

    /** The second: 32 -> 64 channels, 3x3, on the pooled 13x13 maps. */
    public static Conv2dShape cnnConv2(int batch) {
        return new Conv2dShape(batch, 32, 13, 13, 64, 3, 3, 1, 1, 0, 0);
    }

    private final Conv2dShape shape;
    private final Pass pass;

    public ConvCase(Conv2dShape shape, Pass pass) {
        super("conv2d " + shape.inC() + "->" + shape.outC() + " " + pass.label,
                "b" + shape.batch() + " " + shape.inH() + "x" + shape.inW(), GFLOPS, shape.flops());
        this.shape = shape;
        this.pass = pass;
    }

    @Override public Runnable prepare(Device device, DeviceBuffers buffers) {
        int in = shape.batch() * shape.inC() * shape.inH() * shape.inW();
        int out = shape.batch() * shape.outC() * shape.outH() * shape.outW();
        int weights = shape.outC() * shape.inC() * shape.kH() * shape.kW();
        DeviceBuffer weight = buffers.random(weights);
        return switch (pass) {
            case FORWARD -> {
                DeviceBuffer input = buffers.random(in);
                DeviceBuffer bias = buffers.random(shape.outC());
                DeviceBuffer output = buffers.empty(out);
                yield () -> device.conv2d(shape, input, weight, bias, output);
            }
            case BACKWARD_INPUT -> {
                DeviceBuffer gradOutput = buffers.random(out);
                DeviceBuffer gradInput = buffers.empty(in);
                yield () -> device.conv2dBackwardInput(shape, gradOutput, weight, gradInput);
            }
            case BACKWARD_WEIGHT -> {
                DeviceBuffer input = buffers.random(in);
                DeviceBuffer gradOutput = buffers.random(out);
                DeviceBuffer gradWeight = buffers.empty(weights);
                yield () -> device.conv2dBackwardWeight(shape, input, gradOutput, gradWeight);
            }
        };
    }
}
