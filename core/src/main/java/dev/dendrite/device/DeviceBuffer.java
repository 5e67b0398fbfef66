package dev.dendrite.device;

/**
 * A block of memory owned by one device: a Java array on the java device, a cl_mem or a
 * CUdeviceptr on the GPU devices. Buffers hold {@link #length()} elements of one {@link DType}.
 *
 * <p>Tensors share buffers through reference-counted storage; a buffer is given back to its
 * device exactly once, with {@link Device#release(DeviceBuffer)}.
 */
public interface DeviceBuffer {
    Device device();

    DType dtype();

    /** Number of elements (not bytes). */
    int length();

    default long bytes() { return (long) length() * dtype().byteSize(); }
}
