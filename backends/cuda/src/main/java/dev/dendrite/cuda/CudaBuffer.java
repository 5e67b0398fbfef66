package dev.dendrite.cuda;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import jcuda.driver.CUdeviceptr;

/** A block of GPU memory holding {@code length} elements, taken from the device's caching allocator. */
final class CudaBuffer implements DeviceBuffer {
    private final CudaDevice device;
    private final DType dtype;
    private final int length;
    final CUdeviceptr pointer;
    boolean released;

    CudaBuffer(CudaDevice device, DType dtype, int length, CUdeviceptr pointer) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
        this.pointer = pointer;
    }

    @Override public Device device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    @Override public String toString() { return "CudaBuffer[" + dtype + " x " + length + "]"; }
}
