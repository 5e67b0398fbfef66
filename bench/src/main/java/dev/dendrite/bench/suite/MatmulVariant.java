package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;

/**
 * One way a device can run matmul: a rung of the OpenCL matmul ladder ("naive", "tiled", ...),
 * CLBlast on the OpenCL device ("clblast") or a code path of the java device ("vector", "scalar"). The buffers of a case are allocated on
 * {@link #device()}; {@link #close()} releases whatever the variant opened for itself.
 */
public interface MatmulVariant extends AutoCloseable {
    /** The name in tables; "" for a device that has a single way. */
    String name();

    Device device();

    void matmul(MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c);

    @Override default void close() {}

    /** True for a yardstick (CLBlast): the suite times it at every size, however slow, since the rows beside it are judged by it. */
    default boolean reference() { return false; }

    /** Why this variant cannot run on this machine (the table shows it in place of figures), or null. */
    default String unavailableReason() { return null; }

    /** The device's own matmul, under the name given. */
    static MatmulVariant deviceDefault(String name, Device device) {
        return new MatmulVariant() {
            @Override public String name() { return name; }
            @Override public Device device() { return device; }
            @Override public void matmul(MatmulShape s, DeviceBuffer a, int ao, DeviceBuffer b, int bo, DeviceBuffer c) {
                device.matmul(s, a, ao, b, bo, c);
            }
        };
    }
}
