package dev.dendrite.opencl;

import static org.jocl.CL.*;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.kernels.Launch;
import dev.dendrite.kernels.ops.KernelCall;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;

/**
 * A kernel call in OpenCL: each argument is set on the kernel object as it comes
 * (clSetKernelArg copies the value), then the kernel is enqueued on the device's in-order queue.
 */
final class ClKernelCall implements KernelCall {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    private final String name;
    private int index;

    ClKernelCall(cl_command_queue queue, cl_kernel kernel, String name) {
        this.queue = queue;
        this.kernel = kernel;
        this.name = name;
    }

    @Override public ClKernelCall arg(int value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    @Override public ClKernelCall arg(float value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    @Override public ClKernelCall arg(long value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_ulong, Pointer.to(new long[] {value}));
        return this;
    }

    @Override public ClKernelCall arg(DeviceBuffer buffer) {
        clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(((ClBuffer) buffer).mem));
        return this;
    }

    @Override public ClKernelCall struct(int[] packed) {
        clSetKernelArg(kernel, index++, (long) Sizeof.cl_int * packed.length, Pointer.to(packed));
        return this;
    }

    @Override public void launch(Launch launch) {
        if (launch.isEmpty()) return;
        long start = KernelProfile.ENABLED ? System.nanoTime() : 0;
        clEnqueueNDRangeKernel(queue, kernel, launch.dimensions(), null, launch.global(), launch.local(), 0, null, null);
        if (KernelProfile.ENABLED) {
            clFinish(queue);
            KernelProfile.add(name, System.nanoTime() - start);
        }
    }
}
