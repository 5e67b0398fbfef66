package dev.dendrite.spark;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;

/**
 * The device a Spark task trains on: one java device per executor thread, with one thread of its
 * own. Spark already runs one task per core (spark.task.cpus = 1), so a device that spread each op
 * over every core would fight the other tasks for them; and a device per thread shares no buffers
 * or pools with the tasks beside it. Executor threads are reused across rounds, and so is the device.
 */
final class WorkerDevice {
    private static final ThreadLocal<Device> DEVICE = ThreadLocal.withInitial(
            () -> new JavaDevice(new JavaDevice.Options(JavaDevice.vectorApiAvailable(), 1)));

    private WorkerDevice() {}

    static Device forThisThread() {
        return DEVICE.get();
    }
}
