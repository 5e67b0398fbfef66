package dev.dendrite.bench.suite;

import dev.dendrite.bench.harness.Throughput;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;

/** C = A x B for square n x n matrices: 2 n^3 floating-point operations. */
public final class SgemmCase extends KernelCase {
    private final int n;

    public SgemmCase(int n) {
        super("sgemm", "n=" + n, GFLOPS, Throughput.matmulFlops(n, n, n));
        this.n = n;
    }

    @Override public boolean perMatmulVariant() { return true; }

    @Override public Runnable prepare(Device device, DeviceBuffers buffers) {
        return prepare(MatmulVariant.deviceDefault("", device), buffers);
    }

    @Override public Runnable prepare(MatmulVariant variant, DeviceBuffers buffers) {
        DeviceBuffer a = buffers.random(n * n);
        DeviceBuffer b = buffers.random(n * n);
        DeviceBuffer c = buffers.empty(n * n);
        MatmulShape shape = MatmulShape.of(n, n, n);
        return () -> variant.matmul(shape, a, 0, b, 0, c);
    }
}
