package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.ViewArgs;

/**
 * Max and average pooling, forward and backward (pool.cl): one work-item per element written, on a
 * 3-D launch (column, row, plane), in chunks of at most 65535 planes. The forward passes read
 * their input through an NchwView (any offset and strides); everything else is contiguous.
 */
final class PoolOps {
    private final KernelDevice device;

    PoolOps(KernelDevice device) {
        this.device = device;
    }

    void maxForward(Pool2dShape s, View input, DeviceBuffer output, DeviceBuffer argmax) {
        KernelBuffer in = device.own(input.buffer(), "maxPool2d"), out = device.own(output, "maxPool2d");
        KernelBuffer am = device.own(argmax, "maxPool2d");
        if (planes(s) == 0) return;
        int[] view = ViewArgs.nchw("maxPool2d", input, s.inputShape(), 0);
        for (int base = 0; base < planes(s); base += LaunchGeometry.planesPerLaunch()) {
            geometry(device.call("pool", "maxpool_forward"), s, base).arg(s.channels()).struct(view).arg(in).arg(out).arg(am)
                    .launch(LaunchGeometry.planes(chunk(s, base), s.outH(), s.outW()));
        }
    }

    void maxBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer argmax, DeviceBuffer gradInput) {
        KernelBuffer go = device.own(gradOutput, "maxPool2dBackward"), am = device.own(argmax, "maxPool2dBackward");
        KernelBuffer gi = device.own(gradInput, "maxPool2dBackward");
        if (s.strideH() >= s.kH() && s.strideW() >= s.kW()) {
            // windows do not overlap: zero, then each output writes to its winner (see pool.cl)
            device.fill(gi, 0, (int) inputs(s), 0f);
            for (int base = 0; base < planes(s); base += LaunchGeometry.planesPerLaunch()) {
                device.call("pool", "maxpool_backward_scatter").arg(planes(s)).arg(s.inH()).arg(s.inW())
                        .arg(s.outH()).arg(s.outW()).arg(base).arg(go).arg(am).arg(gi)
                        .launch(LaunchGeometry.planes(chunk(s, base), s.outH(), s.outW()));
            }
            return;
        }
        for (int base = 0; base < planes(s); base += LaunchGeometry.planesPerLaunch()) {
            geometry(device.call("pool", "maxpool_backward"), s, base).arg(go).arg(am).arg(gi)
                    .launch(LaunchGeometry.planes(chunk(s, base), s.inH(), s.inW()));
        }
    }

    void avgForward(Pool2dShape s, View input, DeviceBuffer output) {
        KernelBuffer in = device.own(input.buffer(), "avgPool2d"), out = device.own(output, "avgPool2d");
        if (planes(s) == 0) return;
        int[] view = ViewArgs.nchw("avgPool2d", input, s.inputShape(), 0);
        for (int base = 0; base < planes(s); base += LaunchGeometry.planesPerLaunch()) {
            geometry(device.call("pool", "avgpool_forward"), s, base).arg(s.channels()).struct(view).arg(in).arg(out)
                    .launch(LaunchGeometry.planes(chunk(s, base), s.outH(), s.outW()));
        }
    }

    void avgBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        KernelBuffer go = device.own(gradOutput, "avgPool2dBackward"), gi = device.own(gradInput, "avgPool2dBackward");
        for (int base = 0; base < planes(s); base += LaunchGeometry.planesPerLaunch()) {
            geometry(device.call("pool", "avgpool_backward"), s, base).arg(go).arg(gi)
                    .launch(LaunchGeometry.planes(chunk(s, base), s.inH(), s.inW()));
        }
    }

    /** The geometry arguments every pooling kernel but the scatter starts with. */
    private static KernelCall geometry(KernelCall k, Pool2dShape s, int planeBase) {
        return k.arg(planes(s)).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.outH()).arg(s.outW()).arg(planeBase);
    }

    private static int planes(Pool2dShape s) { return s.batch() * s.channels(); }

    /** Planes in the launch that starts at {@code base}. */
    private static int chunk(Pool2dShape s, int base) { return Math.min(LaunchGeometry.planesPerLaunch(), planes(s) - base); }

    private static long inputs(Pool2dShape s) { return (long) s.batch() * s.channels() * s.inH() * s.inW(); }
}
