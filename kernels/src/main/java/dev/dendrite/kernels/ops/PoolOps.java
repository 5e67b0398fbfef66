package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.kernels.LaunchGeometry;

/** Max and average pooling, forward and backward (pool.cl): one work-item per element written. */
final class PoolOps {
    private final KernelDevice device;

    PoolOps(KernelDevice device) {
        this.device = device;
    }

    void maxForward(Pool2dShape s, DeviceBuffer input, DeviceBuffer output, DeviceBuffer argmax) {
        KernelCall k = geometry(device.call("pool", "maxpool_forward"), s)
                .arg(device.own(input, "maxPool2d")).arg(device.own(output, "maxPool2d")).arg(device.own(argmax, "maxPool2d"));
        k.launch(LaunchGeometry.linear(outputs(s)));
    }

    void maxBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer argmax, DeviceBuffer gradInput) {
        KernelCall k = geometry(device.call("pool", "maxpool_backward"), s)
                .arg(device.own(gradOutput, "maxPool2dBackward")).arg(device.own(argmax, "maxPool2dBackward"))
                .arg(device.own(gradInput, "maxPool2dBackward"));
        k.launch(LaunchGeometry.linear(inputs(s)));
    }

    void avgForward(Pool2dShape s, DeviceBuffer input, DeviceBuffer output) {
        KernelCall k = geometry(device.call("pool", "avgpool_forward"), s)
                .arg(device.own(input, "avgPool2d")).arg(device.own(output, "avgPool2d"));
        k.launch(LaunchGeometry.linear(outputs(s)));
    }

    void avgBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        KernelCall k = geometry(device.call("pool", "avgpool_backward"), s)
                .arg(device.own(gradOutput, "avgPool2dBackward")).arg(device.own(gradInput, "avgPool2dBackward"));
        k.launch(LaunchGeometry.linear(inputs(s)));
    }

    /** The geometry arguments every pooling kernel starts with. */
    private static KernelCall geometry(KernelCall k, Pool2dShape s) {
        return k.arg(s.batch() * s.channels()).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.outH()).arg(s.outW());
    }

    private static long outputs(Pool2dShape s) { return (long) s.batch() * s.channels() * s.outH() * s.outW(); }

    private static long inputs(Pool2dShape s) { return (long) s.batch() * s.channels() * s.inH() * s.inW(); }
}
