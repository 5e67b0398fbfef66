package dev.dendrite.bench.suite;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffers of one benchmark case, allocated on its device and all released together at the
 * end of the case (memory is given back deterministically, never left to the garbage collector).
 */
public final class DeviceBuffers implements AutoCloseable {
    private final Device device;
    private final List<DeviceBuffer> held = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();
    private long seed = 1;

    public DeviceBuffers(Device device) { this.device = device; }

    /** Uniform random values in [-1, 1), drawn on the device (no large host array to upload). */
    public DeviceBuffer random(int length) {
        DeviceBuffer b = empty(length);
        device.random(b, length, Distribution.UNIFORM, seed++, 0, -1f, 1f);
        return b;
    }

    /** Contents undefined: for outputs the op overwrites. */
    public DeviceBuffer empty(int length) {
        DeviceBuffer b = device.allocate(DType.F32, length);
        held.add(b);
        return b;
    }

    /** Something else the case holds (tensors, a model), freed first at close. */
    public void onClose(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    @Override public void close() {
        device.synchronize();
        for (int i = cleanups.size() - 1; i >= 0; i--) cleanups.get(i).run();
        cleanups.clear();
        for (int i = held.size() - 1; i >= 0; i--) device.release(held.get(i));
        held.clear();
    }
}
