package dev.dendrite.bench.harness;

import java.util.function.LongSupplier;

/**
 * The timing loop of the quick suite: warm up, choose how many calls make one repetition, time
 * several repetitions, report each as seconds per call.
 *
 * <p>A repetition queues {@code calls} bodies and then synchronizes the device once before the
 * clock stops, so for an asynchronous GPU queue the figure is the throughput of a full queue (the
 * way a training loop uses the device), and no figure ever stops the clock before the work is
 * done. The clock is injectable so the arithmetic can be tested without timing anything.
 */
public final class Harness {
    private final HarnessSettings settings;
    private final LongSupplier clock;

    public Harness(HarnessSettings settings) {
        this(settings, System::nanoTime);
    }

    public Harness(HarnessSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.clock = nanoClock;
    }

    public HarnessSettings settings() { return settings; }

    /**
     * Times {@code body}. {@code sync} waits until everything the body queued has finished
     * ({@code device::synchronize}; a no-op for a synchronous device).
     */
    public Timing time(Runnable body, Runnable sync) {
        long oneCall = warmUp(body, sync);
        int calls = callsPerRep(oneCall, settings.targetRepNanos());
        int reps = repetitions(oneCall * calls, settings);
        double[] samples = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = clock.getAsLong();
            for (int i = 0; i < calls; i++) body.run();
            sync.run();
            long t1 = clock.getAsLong();
            samples[r] = (t1 - t0) / 1e9 / calls;
        }
        return new Timing(samples, calls);
    }

    /**
     * Runs the body until warm and returns the fastest single call seen (nanoseconds, at least 1).
     * Warm means: at least the configured time and runs, and no call has been more than 5% faster
     * than the best before it for the last half of that time (the JIT may still be compiling a
     * kernel after the first few calls, especially on busy cores); never longer than four times
     * the configured time, and only two calls for a body slower than the whole warm-up budget.
     */
    private long warmUp(Runnable body, Runnable sync) {
        long budget = settings.warmupNanos();
        long start = clock.getAsLong();
        long fastest = Long.MAX_VALUE;
        long lastGain = start;
        int runs = 0;
        while (true) {
            long t0 = clock.getAsLong();
            body.run();
            sync.run();
            long t1 = clock.getAsLong();
            if (t1 - t0 < fastest * 0.95) lastGain = t1;
            fastest = Math.min(fastest, t1 - t0);
            runs++;
            // A body slower than the whole warm-up budget is warm after two calls: the first pays
            // for compiling (JIT, OpenCL programs), and the JIT has had seconds to finish.
            if (runs >= 2 && fastest >= budget) break;
            if (runs < settings.minWarmupRuns()) continue;
            boolean longEnough = t1 - start >= budget;
            boolean settled = t1 - lastGain >= budget / 2;
            if ((longEnough && settled) || t1 - start >= 4 * budget) break;
        }
        return Math.max(1, fastest);
    }

    /** Calls per repetition so that one repetition lasts about {@code targetNanos}: at least 1. */
    static int callsPerRep(long oneCallNanos, long targetNanos) {
        long calls = (targetNanos + oneCallNanos - 1) / Math.max(1, oneCallNanos);
        return (int) Math.max(1, Math.min(calls, 1_000_000));
    }

    /** The configured repetitions, or fewer (not below minReps) when they would blow the budget. */
    static int repetitions(long repNanos, HarnessSettings s) {
        if ((double) repNanos * s.reps() <= s.caseBudgetNanos()) return s.reps();
        long affordable = s.caseBudgetNanos() / Math.max(1, repNanos);
        return (int) Math.max(s.minReps(), Math.min(s.reps(), affordable));
    }
}
