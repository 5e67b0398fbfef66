package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;

/**
 * One way a device can run matmul: a rung of the OpenCL matmul ladder ("naive", "tiled", ...)
 * or a code path of the java device ("vector", "scalar"). {@link #open()} gives the device
 * configured to use it, {@link #close()} undoes that.
 */
public interface MatmulVariant extends AutoCloseable {
    /** The name in tables; "" for a device that has a single way. */
    String name();

    Device open();

    @Override void close();

    /** The device as it is, under the name given. */
    static MatmulVariant asIs(String name, Device device) {
        return new MatmulVariant() {
            @Override public String name() { return name; }
            @Override public Device open() { return device; }
            @Override public void close() {}
        };
    }
}
