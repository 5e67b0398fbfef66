package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.kernels.Launch;

/**
 * One kernel launch being put together: its arguments in the order the kernel declares them,
 * then the geometry. The op classes speak only this, so one piece of op code drives both GPU APIs:
 * <pre>device.call("elementwise", "fill_f32").arg(n).arg(buffer).arg(0).arg(1f).launch(LaunchGeometry.linear(n))</pre>
 * OpenCL sets each argument on the kernel object (clSetKernelArg); CUDA collects pointers to the
 * values for cuLaunchKernel. Scalars go by value, so no scalar needs a buffer of its own.
 * Not thread-safe: the device holds its lock from the first argument to the launch.
 */
public interface KernelCall {
    KernelCall arg(int value);

    KernelCall arg(float value);

    /** A 64-bit argument (ulong in the kernel). */
    KernelCall arg(long value);

    /** A buffer of the launching device (the op classes check that first, with KernelDevice.own). */
    KernelCall arg(DeviceBuffer buffer);

    /** Kernels take flags as int: 0 or 1. */
    default KernelCall arg(boolean flag) {
        return arg(flag ? 1 : 0);
    }

    /** A struct of ints passed by value (the Strided struct of elementwise.cl: the same layout in both APIs). */
    KernelCall struct(int[] packed);

    /** Queues the kernel with this geometry and returns at once; a launch with no work-item is skipped. */
    void launch(Launch launch);
}
