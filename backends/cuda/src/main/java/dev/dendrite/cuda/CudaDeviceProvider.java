package dev.dendrite.cuda;

import dev.dendrite.config.Setting;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceProvider;

/**
 * Registers the CUDA device with {@code Devices} (see META-INF/services). It ranks above OpenCL
 * for "auto", and reports itself unavailable, with {@link CudaProbe}'s one-line reason, where
 * there is no NVIDIA driver, no GPU or no NVRTC. DENDRITE_CUDA_DEVICE picks the GPU (default 0).
 */
public final class CudaDeviceProvider implements DeviceProvider {
    public static final String ORDINAL_ENV = Setting.CUDA_DEVICE.env();

    @Override public String name() { return "cuda"; }

    @Override public int priority() { return 20; }

    @Override public String unavailableReason() { return CudaProbe.unavailableReason(); }

    /** CUDA runs only on NVIDIA GPUs. */
    @Override public boolean isAccelerator() { return true; }

    @Override public Device create() {
        return new CudaDevice(Setting.CUDA_DEVICE.intValue());
    }
}
