package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;

/**
 * Softmax along the rows of a [rows, cols] matrix. Memory-bound, so the figure is GB/s, counted
 * as the least traffic any softmax must make: read the input once, write the output once (8
 * bytes per element). A kernel that reads its row three times (max, sum, write) from memory
 * rather than cache shows as a lower figure.
 */
public final class SoftmaxCase extends KernelCase {
    private final int rows;
    private final int cols;

    public SoftmaxCase(int rows, int cols) {
        super("softmax", rows + "x" + cols, GBPS, 2.0 * Float.BYTES * rows * cols);
        this.rows = rows;
        this.cols = cols;
    }

    @Override public Runnable prepare(Device device, DeviceBuffers buffers) {
        DeviceBuffer src = buffers.random(rows * cols);
        DeviceBuffer dst = buffers.empty(rows * cols);
        return () -> device.softmax(src, rows, cols, 1, false, dst);
    }
}
