package dev.dendrite.bench.jmh;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;

/** Opens the device a JMH benchmark's {@code device} parameter names, or fails with the reason it cannot. */
final class JmhDevices {
    private JmhDevices() {}

    static Device open(String name) {
        String reason = Devices.unavailableReason(name);
        if (reason != null) throw new IllegalStateException("device '" + name + "' is not available here: " + reason);
        return Devices.get(name);
    }
}
