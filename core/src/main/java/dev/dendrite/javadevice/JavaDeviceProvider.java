package dev.dendrite.javadevice;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceProvider;

/** Registers the java device with {@link dev.dendrite.device.Devices}: always available, lowest priority. */
public final class JavaDeviceProvider implements DeviceProvider {
    @Override public String name() { return "java"; }

    @Override public int priority() { return 0; }

    @Override public String unavailableReason() { return null; }

    @Override public Device create() { return new JavaDevice(); }
}
