package dev.dendrite.device;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** core's tests have neither backend jar on the class path: asking for one names the missing jar. */
class DevicesMissingJarTest {
    @Test
    void cudaWithoutItsJarNamesTheJar() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.get("cuda"));
        assertTrue(e.getMessage().contains("dev.dendrite:dendrite-cuda"), e.getMessage());
        assertTrue(Devices.unavailableReason("opencl").contains("dev.dendrite:dendrite-opencl"));
    }

    @Test
    void aNameNoJarProvidesIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.get("tpu"));
        assertTrue(e.getMessage().contains("unknown device 'tpu'"), e.getMessage());
    }
}
