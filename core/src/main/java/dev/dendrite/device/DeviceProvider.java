package dev.dendrite.device;

/**
 * Found with {@link java.util.ServiceLoader} (META-INF/services/dev.dendrite.device.DeviceProvider),
 * so core never depends on a backend: putting a backend's jar on the class path is enough.
 */
public interface DeviceProvider {

    /** The name users choose it by: "java", "opencl", "cuda". */
    String name();

    /** Order among the accelerators that "auto" considers: higher first (opencl 10, cuda 20). */
    int priority();

    /**
     * True when the device computes on a GPU (or another accelerator), not on the host's CPU cores.
     * "auto" takes only such devices, and the java device otherwise: on a CPU the java device is
     * faster than OpenCL through PoCL. May probe the hardware, like {@link #unavailableReason()}.
     */
    default boolean isAccelerator() {
        return false;
    }

    /**
     * Null when the device can be created here; otherwise one line saying why not, for example
     * "CUDA unavailable: libcuda.so.1 not found". Must never throw, and must not crash the JVM.
     */
    String unavailableReason();

    /** Creates the device; only called when {@link #unavailableReason()} is null. */
    Device create();
}
