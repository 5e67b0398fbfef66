package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.opencl.OpenClDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * Knows, for each kind of device, how to list and select its matmul variants. This is the one
 * place in the bench that depends on a backend's own API beyond the Device interface:
 * <ul>
 *   <li>java: the Vector API path and the scalar path ({@link JavaDevice.Options#vector()}), the
 *       scalar one on a second java device with the same thread count;</li>
 *   <li>opencl: every rung of the matmul ladder ({@link MatmulKernel}), run by name with
 *       {@link OpenClDevice#matmul(MatmulKernel, MatmulShape, DeviceBuffer, int, DeviceBuffer, int, DeviceBuffer)},
 *       then CLBlast's SGEMM on the same queue ({@link ClBlastSgemm}), the yardstick;</li>
 *   <li>any other device: its default, unnamed.</li>
 * </ul>
 */
public final class MatmulVariants {
    private MatmulVariants() {}

    public static List<MatmulVariant> of(Device device) {
        if (device instanceof JavaDevice java) return javaPaths(java);
        if (device instanceof OpenClDevice opencl) return ladder(opencl);
        return List.of(MatmulVariant.deviceDefault("", device));
    }

    private static List<MatmulVariant> javaPaths(JavaDevice device) {
        int threads = device.options().threads();
        List<MatmulVariant> paths = new ArrayList<>();
        if (device.options().vector()) paths.add(MatmulVariant.deviceDefault("vector", device));
        paths.add(device.options().vector() ? new OwnDevice("scalar", new JavaDevice(new JavaDevice.Options(false, threads)))
                : MatmulVariant.deviceDefault("scalar", device));
        return paths;
    }

    private static List<MatmulVariant> ladder(OpenClDevice device) {
        List<MatmulVariant> rungs = new ArrayList<>();
        for (MatmulKernel rung : MatmulKernel.values()) {
            rungs.add(new MatmulVariant() {
                @Override public String name() { return rung.label(); }
                @Override public Device device() { return device; }
                @Override public void matmul(MatmulShape s, DeviceBuffer a, int ao, DeviceBuffer b, int bo, DeviceBuffer c) {
                    device.matmul(rung, s, a, ao, b, bo, c);
                }
            });
        }
        rungs.add(new ClBlastSgemm(device));
        return rungs;
    }

    /** A variant that needs a device of its own (configured differently), closed with the variant. */
    private record OwnDevice(String name, Device device) implements MatmulVariant {
        @Override public void matmul(MatmulShape s, DeviceBuffer a, int ao, DeviceBuffer b, int bo, DeviceBuffer c) {
            device.matmul(s, a, ao, b, bo, c);
        }

        @Override public void close() { device.close(); }
    }
}
