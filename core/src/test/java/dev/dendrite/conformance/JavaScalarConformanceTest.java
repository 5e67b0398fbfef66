package dev.dendrite.conformance;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.AfterAll;

/**
 * The kit on the java device's plain path (no Vector API, one thread), the one a JVM without
 * jdk.incubator.vector runs, against the {@link dev.dendrite.referencedevice.ReferenceDevice}.
 */
class JavaScalarConformanceTest extends DeviceConformanceTest {

    private static final JavaDevice SCALAR = new JavaDevice(JavaDevice.Options.scalar());

    @AfterAll
    static void closeDevice() {
        SCALAR.close();
    }

    @Override protected Device device() { return SCALAR; }
}
