package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import java.util.Locale;

/**
 * Whether the CPU peaks measured by the bench are the right yardstick for a device: yes for the
 * java device and for OpenCL on the CPU (PoCL runs on the very cores the peak was measured on),
 * no for a GPU, whose peaks the bench cannot measure from Java.
 */
public final class PeakScope {
    private PeakScope() {}

    public static boolean runsOnHostCpu(Device device) {
        if (device.name().equals("java")) return true;
        String d = device.description().toLowerCase(Locale.ROOT);
        return device.name().equals("opencl") && (d.contains("cpu") || d.contains("pocl") || d.contains("pthread"));
    }
}
