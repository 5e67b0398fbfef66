package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import java.util.List;

/**
 * Knows, for each kind of device, how to list and select its matmul variants. This is the one
 * place in the bench that depends on a backend's own API beyond the Device interface.
 */
public final class MatmulVariants {
    private MatmulVariants() {}

    public static List<MatmulVariant> of(Device device) {
        // TODO(bench): the java device's vector/scalar paths and the OpenCL matmul rungs, once
        // those land on main; until then every device is benchmarked with its default.
        return List.of(MatmulVariant.deviceDefault("", device));
    }
}
