package dev.dendrite.opencl;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import org.jocl.cl_mem;

/**
 * A buffer of the OpenCL device: a cl_mem of {@code capacityBytes} (a size bucket of the caching
 * allocator, at least the bytes asked for) holding {@code length} elements.
 */
final class ClBuffer implements DeviceBuffer {
    private final OpenClDevice device;
    private final DType dtype;
    private final int length;
    final cl_mem mem;
    final long capacityBytes;
    boolean released;

    ClBuffer(OpenClDevice device, DType dtype, int length, cl_mem mem, long capacityBytes) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
        this.mem = mem;
        this.capacityBytes = capacityBytes;
    }

    @Override public Device device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    @Override public String toString() {
        return "ClBuffer[" + dtype + " x " + length + (released ? ", released" : "") + "]";
    }
}
