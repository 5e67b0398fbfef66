package dev.dendrite.referencedevice;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;

/**
 * A buffer of the reference device: a plain Java array, float[] for F32 or int[] for I32.
 * {@link #get} and {@link #set} read and write either kind through a double, which holds every
 * float and every int exactly, so a strided copy can convert between them in one line.
 */
final class ReferenceBuffer implements DeviceBuffer {
    private final ReferenceDevice device;
    private final DType dtype;
    private final float[] floats;
    private final int[] ints;
    private boolean released;

    ReferenceBuffer(ReferenceDevice device, DType dtype, int length) {
        this.device = device;
        this.dtype = dtype;
        this.floats = dtype == DType.F32 ? new float[length] : null;
        this.ints = dtype == DType.I32 ? new int[length] : null;
    }

    @Override public Device device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return dtype == DType.F32 ? floats.length : ints.length; }

    /** Element {@code i} as a double (exact for both dtypes). */
    double get(int i) { return dtype == DType.F32 ? floats[i] : ints[i]; }

    /** Stores {@code value} rounded to float, or truncated toward zero to int (Java's casts). */
    void set(int i, double value) {
        if (dtype == DType.F32) floats[i] = (float) value;
        else ints[i] = (int) value;
    }

    /** Marks the buffer given back; false when it already was. Release may come from any thread. */
    synchronized boolean markReleased() {
        if (released) return false;
        released = true;
        return true;
    }

    /** The buffer handed to a primitive, checked to be one of ours and not yet released. */
    static ReferenceBuffer of(DeviceBuffer buffer) {
        if (buffer == null) throw new NullPointerException("reference device: a buffer the op needs is null");
        if (!(buffer instanceof ReferenceBuffer rb)) {
            throw new IllegalArgumentException("reference device: buffer " + buffer + " belongs to another device");
        }
        synchronized (rb) {
            if (rb.released) throw new IllegalStateException("reference device: buffer used after release");
        }
        return rb;
    }

    /** The float array of an F32 buffer. */
    static float[] floats(DeviceBuffer buffer) {
        ReferenceBuffer rb = of(buffer);
        if (rb.dtype != DType.F32) throw new IllegalArgumentException("reference device: expected float32, got " + rb.dtype);
        return rb.floats;
    }

    /** The int array of an I32 buffer. */
    static int[] ints(DeviceBuffer buffer) {
        ReferenceBuffer rb = of(buffer);
        if (rb.dtype != DType.I32) throw new IllegalArgumentException("reference device: expected int32, got " + rb.dtype);
        return rb.ints;
    }

    @Override public String toString() { return "ReferenceBuffer[" + dtype + " x " + length() + "]"; }
}
