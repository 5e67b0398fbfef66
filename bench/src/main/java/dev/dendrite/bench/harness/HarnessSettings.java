package dev.dendrite.bench.harness;

/**
 * How hard the harness works for each figure.
 *
 * @param warmupNanos   run the body (and synchronize) at least this long before timing, so the JIT,
 *                      caches, OpenCL program builds and caching allocators are warm
 * @param minWarmupRuns and at least this many times
 * @param reps          timed repetitions; the figure is their median
 * @param targetRepNanos a repetition repeats the body until it lasts about this long, so that a
 *                      20-microsecond kernel is not timed with a clock that is itself noisy at
 *                      that scale, and GPU launch overhead is amortised the way a real run does
 * @param caseBudgetNanos when one call is so slow that {@code reps} repetitions would exceed this
 *                      budget, the repetitions drop to {@code minReps}
 * @param minReps       never fewer repetitions than this
 * @param maxCallNanos  the suite skips a size whose single call is predicted (from the same
 *                      benchmark's smaller size) to take longer than this: a slow rung's figure at
 *                      the smaller size already says what it is worth
 */
public record HarnessSettings(long warmupNanos, int minWarmupRuns, int reps, long targetRepNanos,
                              long caseBudgetNanos, int minReps, long maxCallNanos) {
    public HarnessSettings {
        if (reps < 1 || minReps < 1 || minReps > reps || minWarmupRuns < 1 || warmupNanos < 0
                || targetRepNanos <= 0 || caseBudgetNanos <= 0 || maxCallNanos <= 0) {
            throw new IllegalArgumentException("inconsistent harness settings " + this);
        }
    }

    /** For a glance: the whole suite in under two minutes. */
    public static HarnessSettings quick() {
        return new HarnessSettings(250_000_000L, 3, 5, 30_000_000L, 2_000_000_000L, 3, 1_000_000_000L);
    }

    /** For a table you mean to keep. */
    public static HarnessSettings full() {
        return new HarnessSettings(1_000_000_000L, 3, 11, 200_000_000L, 20_000_000_000L, 3, 8_000_000_000L);
    }
}
