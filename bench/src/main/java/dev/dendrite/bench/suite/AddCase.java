package dev.dendrite.bench.suite;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;

/**
 * Elementwise c = a + b over contiguous arrays much larger than the caches: a pure bandwidth
 * test. Counts 12 bytes per element (two floats read, one written).
 */
public final class AddCase extends KernelCase {
    private final int length;

    public AddCase(int length) {
        super("add (elementwise)", millions(length) + " floats", GBPS, 3.0 * Float.BYTES * length);
        this.length = length;
    }

    @Override public Runnable prepare(Device device, DeviceBuffers buffers) {
        int[] shape = {length};
        View a = View.contiguous(buffers.random(length), shape);
        View b = View.contiguous(buffers.random(length), shape);
        DeviceBuffer c = buffers.empty(length);
        return () -> device.binary(BinaryOp.ADD, shape, a, b, c);
    }

    static String millions(int length) {
        return length % (1 << 20) == 0 ? (length >> 20) + "Mi" : String.valueOf(length);
    }
}
