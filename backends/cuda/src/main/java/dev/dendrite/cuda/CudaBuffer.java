package dev.dendrite.cuda;

import dev.dendrite.device.DType;
import dev.dendrite.kernels.ops.KernelBuffer;
import jcuda.driver.CUdeviceptr;

/** A block of GPU memory holding {@code length} elements, taken from the device's caching allocator. */
final class CudaBuffer extends KernelBuffer {
    final CUdeviceptr pointer;

    CudaBuffer(CudaDevice device, DType dtype, int length, CUdeviceptr pointer) {
        super(device, dtype, length);
        this.pointer = pointer;
    }
}
