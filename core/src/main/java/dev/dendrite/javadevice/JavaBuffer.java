package dev.dendrite.javadevice;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;

/**
 * A java-device buffer: a plain {@code float[]} (F32) or {@code int[]} (I32) on the Java heap.
 * The device counts it as live from {@link JavaDevice#allocate} until {@link JavaDevice#release};
 * touching it after release is an error, so use-after-free bugs show up on the java device first
 * (the array itself may live on in the device's pool, inside a new buffer object).
 */
final class JavaBuffer implements DeviceBuffer {
    private final JavaDevice device;
    private final DType dtype;
    private final float[] floats;
    private final int[] ints;
    private volatile boolean released;

    /** A buffer over {@code floats} (F32) or {@code ints} (I32), exactly one of them non-null. */
    JavaBuffer(JavaDevice device, float[] floats, int[] ints) {
        this.device = device;
        this.dtype = floats != null ? DType.F32 : DType.I32;
        this.floats = floats;
        this.ints = ints;
    }

    @Override public Device device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return floats != null ? floats.length : ints.length; }

    /** The backing array of an F32 buffer. */
    public float[] floats() {
        if (released) throw new IllegalStateException("java buffer used after release");
        if (floats == null) throw new IllegalArgumentException("expected a float32 buffer, got " + dtype);
        return floats;
    }

    /** The backing array of an I32 buffer. */
    public int[] ints() {
        if (released) throw new IllegalStateException("java buffer used after release");
        if (ints == null) throw new IllegalArgumentException("expected an int32 buffer, got " + dtype);
        return ints;
    }

    boolean isReleased() { return released; }

    /** The float array of a released F32 buffer, for the device's pool (null for I32). */
    float[] floatsOfReleased() { return floats; }

    /** The int array of a released I32 buffer, for the device's pool (null for F32). */
    int[] intsOfReleased() { return ints; }

    void markReleased() { released = true; }

    /** Casts a buffer handed to {@code op}, failing clearly when it belongs to another kind of device. */
    static JavaBuffer of(DeviceBuffer buffer, String op) {
        if (buffer == null) throw new NullPointerException(op + ": buffer is null");
        if (buffer instanceof JavaBuffer jb) return jb;
        throw new IllegalArgumentException(op + ": buffer lives on device '" + buffer.device().name()
                + "', not on the java device");
    }

    static float[] floats(DeviceBuffer buffer, String op) {
        JavaBuffer jb = of(buffer, op);
        if (jb.dtype != DType.F32) throw new IllegalArgumentException(op + ": expected a float32 buffer, got " + jb.dtype);
        return jb.floats();
    }

    static int[] ints(DeviceBuffer buffer, String op) {
        JavaBuffer jb = of(buffer, op);
        if (jb.dtype != DType.I32) throw new IllegalArgumentException(op + ": expected an int32 buffer, got " + jb.dtype);
        return jb.ints();
    }

    @Override public String toString() {
        return "JavaBuffer[" + dtype + " x " + length() + (released ? ", released" : "") + "]";
    }
}
