package dev.dendrite.kernels.ops;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;

/**
 * A buffer of a {@link KernelDevice}: what every GPU buffer knows whatever the API. Each device
 * adds its handle to the memory (a cl_mem, a CUdeviceptr). The released flag lets the device
 * refuse a buffer that was given back, with a clear message instead of a driver error.
 */
public abstract class KernelBuffer implements DeviceBuffer {
    private final KernelDevice device;
    private final DType dtype;
    private final int length;
    boolean released;

    protected KernelBuffer(KernelDevice device, DType dtype, int length) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
    }

    @Override public KernelDevice device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    /** True once the device's release() has taken it back. */
    public boolean isReleased() { return released; }

    @Override public String toString() {
        return getClass().getSimpleName() + "[" + dtype + " x " + length + (released ? ", released" : "") + "]";
    }
}
