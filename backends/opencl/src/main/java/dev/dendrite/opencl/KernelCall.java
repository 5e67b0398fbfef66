package dev.dendrite.opencl;

import static org.jocl.CL.*;

import dev.dendrite.kernels.Launch;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets a kernel's arguments in order and enqueues it:
 * {@code device.call("elementwise", "fill_f32").arg(n).arg(buffer).arg(0).arg(1f).launch(geometry)}.
 * Scalars are passed by value as kernel arguments (no buffer per scalar). Not thread-safe: the
 * device holds its lock from the first argument to the launch.
 */
final class KernelCall {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    private int index;

    KernelCall(cl_command_queue queue, cl_kernel kernel) {
        this.queue = queue;
        this.kernel = kernel;
    }

    KernelCall arg(int value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    KernelCall arg(boolean flag) {
        return arg(flag ? 1 : 0);
    }

    KernelCall arg(float value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    /** A 64-bit argument (ulong in the kernel). */
    KernelCall arg(long value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_ulong, Pointer.to(new long[] {value}));
        return this;
    }

    KernelCall arg(ClBuffer buffer) {
        return arg(buffer.mem);
    }

    KernelCall arg(cl_mem mem) {
        clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(mem));
        return this;
    }

    /** A struct of ints passed by value (the Strided struct of elementwise.cl). */
    KernelCall struct(int[] packed) {
        clSetKernelArg(kernel, index++, (long) Sizeof.cl_int * packed.length, Pointer.to(packed));
        return this;
    }

    /** Enqueues the kernel; returns at once (the queue is asynchronous). Empty launches are skipped. */
    void launch(Launch launch) {
        if (launch.isEmpty()) return;
        clEnqueueNDRangeKernel(queue, kernel, launch.dimensions(), null, launch.global(), launch.local(), 0, null, null);
    }
}
