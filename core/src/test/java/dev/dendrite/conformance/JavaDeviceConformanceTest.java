package dev.dendrite.conformance;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the kit in every build: the java device's fast paths (Vector API kernels when the module is
 * present, work split across threads) against its plain scalar single-threaded path as the
 * reference. Three threads whatever the machine, so uneven splits are exercised on any CI runner.
 */
class JavaDeviceConformanceTest extends DeviceConformanceTest {

    private static final JavaDevice FAST = new JavaDevice(new JavaDevice.Options(JavaDevice.vectorApiAvailable(), 3));
    private static final JavaDevice PLAIN = new JavaDevice(JavaDevice.Options.scalar());

    @AfterAll
    static void closeDevices() {
        FAST.close();
        PLAIN.close();
    }

    @Override protected Device device() { return FAST; }

    @Override protected Device reference() { return PLAIN; }
}
