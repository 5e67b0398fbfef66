package dev.dendrite.bench.harness;

/**
 * The arithmetic that turns a time into a figure. Kept in one place so every benchmark counts the
 * same way: GFLOP/s = floating-point operations / seconds / 1e9 (a fused multiply-add is 2),
 * GB/s = bytes moved / seconds / 1e9 (decimal gigabytes, as memory vendors and STREAM use).
 */
public final class Throughput {
    private Throughput() {}

    public static double gflops(double flops, double seconds) {
        return perSecond(flops, seconds) / 1e9;
    }

    public static double gbPerSecond(double bytes, double seconds) {
        return perSecond(bytes, seconds) / 1e9;
    }

    /** {@code value} as a percentage of {@code peak}; NaN when there is no peak to compare with. */
    public static double percentOf(double value, double peak) {
        if (!(peak > 0)) return Double.NaN;
        return 100.0 * value / peak;
    }

    /** Floating-point operations of a product of an [m, k] and a [k, n] matrix. */
    public static double matmulFlops(long m, long n, long k) {
        return 2.0 * m * n * k;
    }

    private static double perSecond(double amount, double seconds) {
        if (!(seconds > 0)) throw new IllegalArgumentException("time must be positive, got " + seconds + " s");
        return amount / seconds;
    }
}
