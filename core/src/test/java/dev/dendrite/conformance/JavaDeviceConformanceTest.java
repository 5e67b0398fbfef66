package dev.dendrite.conformance;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.AfterAll;

/**
 * Runs the kit in every build on the java device as it trains: its fast paths (Vector API kernels
 * when the module is present, work split across threads), against the {@link
 * dev.dendrite.referencedevice.ReferenceDevice}. Three threads whatever the machine, so uneven
 * splits are exercised on any CI runner. {@link JavaScalarConformanceTest} covers its scalar path.
 */
class JavaDeviceConformanceTest extends DeviceConformanceTest {

    private static final JavaDevice FAST = new JavaDevice(new JavaDevice.Options(JavaDevice.vectorApiAvailable(), 3, 0));

    @AfterAll
    static void closeDevice() {
        FAST.close();
    }

    @Override protected Device device() { return FAST; }
}
