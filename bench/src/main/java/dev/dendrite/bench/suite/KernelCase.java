package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;

/**
 * One benchmark of the quick suite at one size: what it is called, how much work one call does
 * (floating-point operations or bytes, in {@link #unit()}), and how to run it on a device.
 */
public abstract class KernelCase {
    public static final String GFLOPS = "GFLOP/s";
    public static final String GBPS = "GB/s";

    private final String benchmark;
    private final String size;
    private final String unit;
    private final double workPerCall;

    protected KernelCase(String benchmark, String size, String unit, double workPerCall) {
        this.benchmark = benchmark;
        this.size = size;
        this.unit = unit;
        this.workPerCall = workPerCall;
    }

    public String benchmark() { return benchmark; }

    public String size() { return size; }

    public String unit() { return unit; }

    /** Floating-point operations (for GFLOP/s) or bytes moved (for GB/s) by one call. */
    public double workPerCall() { return workPerCall; }

    /** True when the matmul rungs of the device matter to this case (each is timed separately). */
    public boolean perMatmulVariant() { return false; }

    /**
     * Allocates and fills the inputs on {@code device} (through {@code buffers}, which releases
     * them afterwards) and returns one call of the op: the body the harness times.
     */
    public abstract Runnable prepare(Device device, DeviceBuffers buffers);

    /**
     * Like {@link #prepare(Device, DeviceBuffers)}, running matmul through {@code variant}; only
     * for cases whose {@link #perMatmulVariant()} is true.
     */
    public Runnable prepare(MatmulVariant variant, DeviceBuffers buffers) {
        throw new UnsupportedOperationException(benchmark + " does not depend on the matmul variant");
    }
}
