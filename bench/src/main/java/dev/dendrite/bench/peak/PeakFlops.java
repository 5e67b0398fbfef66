package dev.dendrite.bench.peak;

/**
 * Measures the machine's fp32 peak: {@link FmaLoop} on every core at once, best of several
 * repetitions (a peak is a ceiling, so the best run is the honest estimate of it; the benchmarks
 * themselves report medians).
 */
public final class PeakFlops {
    private static final long TARGET_NANOS_PER_REP = 100_000_000L;

    private PeakFlops() {}

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Lanes of the preferred float vector (16 with AVX-512, 8 with AVX2). */
    public static int lanes() {
        return FmaLoop.SPECIES.length();
    }

    public static Peak measure(int threads, int reps) {
        if (!vectorApiPresent()) {
            throw new IllegalStateException("measuring the FMA peak needs the Vector API: start the JVM with "
                    + "--add-modules jdk.incubator.vector");
        }
        // Warm-up: lets the JIT compile the loop (on every thread) before anything is timed.
        long probe = 2_000_000;
        long probeNanos = 0;
        for (int i = 0; i < 5; i++) probeNanos = AllCores.runNanos(threads, t -> sink(FmaLoop.run(probe)));
        long iterations = Math.max(probe, (long) ((double) probe * TARGET_NANOS_PER_REP / Math.max(1, probeNanos)));

        double best = 0;
        for (int r = 0; r < reps; r++) {
            long nanos = AllCores.runNanos(threads, t -> sink(FmaLoop.run(iterations)));
            best = Math.max(best, threads * FmaLoop.flops(iterations) / nanos);   // flops per ns = GFLOP/s
        }
        String method = String.format(java.util.Locale.ROOT,
                "Vector API FMA loop, %d-lane fp32, %d independent chains, %d threads, best of %d",
                lanes(), FmaLoop.CHAINS, threads, reps);
        return new Peak(best, "GFLOP/s", method);
    }

    private static volatile float sink;

    private static void sink(float v) { sink = v; }
}
