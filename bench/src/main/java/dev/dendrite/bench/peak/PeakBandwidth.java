package dev.dendrite.bench.peak;

/**
 * Measures the machine's streaming memory bandwidth: every core copies its slice of a large
 * float array into a second one with {@link System#arraycopy} (the JVM's tuned copy stub).
 * Counts bytes read plus bytes written, as STREAM's "copy" does; best of several repetitions.
 *
 * <p>The arrays must be much larger than the last-level cache, or the figure is cache bandwidth.
 */
public final class PeakBandwidth {
    private PeakBandwidth() {}

    public static Peak measure(int threads, int floatsPerArray, int reps) {
        float[] src = new float[floatsPerArray];
        float[] dst = new float[floatsPerArray];
        java.util.Arrays.fill(src, 1f);
        java.util.Arrays.fill(dst, 0f);   // touch every page before timing
        int chunk = (floatsPerArray + threads - 1) / threads;
        double best = 0;
        for (int r = 0; r < reps + 1; r++) {
            long nanos = AllCores.runNanos(threads, t -> {
                int from = Math.min(floatsPerArray, t * chunk);
                int to = Math.min(floatsPerArray, from + chunk);
                System.arraycopy(src, from, dst, from, to - from);
            });
            if (r == 0) continue;   // the first pass is warm-up
            best = Math.max(best, bytesCopied(floatsPerArray) / nanos);   // bytes per ns = GB/s
        }
        String method = String.format(java.util.Locale.ROOT,
                "System.arraycopy of %d MiB to %d MiB, %d threads, read+write bytes, best of %d",
                floatsPerArray / (1 << 18), floatsPerArray / (1 << 18), threads, reps);
        return new Peak(best, "GB/s", method);
    }

    /** Bytes moved by copying {@code floats} elements: each is read once and written once. */
    static double bytesCopied(long floats) {
        return 2.0 * Float.BYTES * floats;
    }
}
