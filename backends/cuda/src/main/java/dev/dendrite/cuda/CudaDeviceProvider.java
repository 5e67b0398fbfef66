package dev.dendrite.cuda;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceProvider;

/**
 * Registers the CUDA device with {@code Devices} (see META-INF/services). It ranks above OpenCL
 * for "auto", and reports itself unavailable, with {@link CudaProbe}'s one-line reason, where
 * there is no NVIDIA driver, no GPU or no NVRTC. DENDRITE_CUDA_DEVICE picks the GPU (default 0).
 */
public final class CudaDeviceProvider implements DeviceProvider {
    public static final String ORDINAL_ENV = "DENDRITE_CUDA_DEVICE";

    @Override public String name() { return "cuda"; }

    @Override public int priority() { return 20; }

    @Override public String unavailableReason() { return CudaProbe.unavailableReason(); }

    /** CUDA runs only on NVIDIA GPUs. */
    @Override public boolean isAccelerator() { return true; }

    @Override public Device create() {
        String ordinal = System.getenv(ORDINAL_ENV);
        try {
            return new CudaDevice(ordinal == null || ordinal.isBlank() ? 0 : Integer.parseInt(ordinal.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ORDINAL_ENV + " must be a device number such as 0, got '" + ordinal + "'");
        }
    }
}
