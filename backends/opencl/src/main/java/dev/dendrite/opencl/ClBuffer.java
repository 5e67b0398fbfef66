package dev.dendrite.opencl;

import dev.dendrite.device.DType;
import dev.dendrite.kernels.ops.KernelBuffer;
import org.jocl.cl_mem;

/**
 * A buffer of the OpenCL device: a cl_mem of {@code capacityBytes} (a size bucket of the caching
 * allocator, at least the bytes asked for) holding {@code length} elements.
 */
final class ClBuffer extends KernelBuffer {
    final cl_mem mem;
    final long capacityBytes;

    ClBuffer(OpenClDevice device, DType dtype, int length, cl_mem mem, long capacityBytes) {
        super(device, dtype, length);
        this.mem = mem;
        this.capacityBytes = capacityBytes;
    }
}
