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
    private final LongSupplier jitMillis;

    /** Real time, and the JIT's compilation time from the JVM ({@link #jitCompilationMillis}). */
    public Harness(HarnessSettings settings) {
        this(settings, System::nanoTime, Harness::jitCompilationMillis);
    }

    /** A given clock and a JIT that never compiles: for testing the arithmetic. */
    public Harness(HarnessSettings settings, LongSupplier nanoClock) {
        this(settings, nanoClock, () -> 0);
    }

    /**
     * A given clock, and a counter that grows while the JIT compiles (milliseconds of compilation
     * so far): the warm-up waits for it to stand still.
     */
    public Harness(HarnessSettings settings, LongSupplier nanoClock, LongSupplier jitMillis) {
        this.settings = settings;
        this.clock = nanoClock;
        this.jitMillis = jitMillis;
    }

    /**
     * Milliseconds the JVM's JIT compilers have worked so far, or 0 where the JVM does not say
     * (then the warm-up goes by the calls' times alone).
     */
    static long jitCompilationMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
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
     * Warm means: at least the configured time and runs, and for the last half of that time no call
     * has been more than 5% faster than the best before it and the JIT has compiled nothing (the JIT
     * may still be compiling a kernel after the first few calls, especially on busy cores); never
     * longer than four times the configured time, and only two calls for a body slower than the
     * whole warm-up budget.
     *
     * <p>Why the JIT too: a Vector API kernel that loops over many rows per call runs its first
     * calls partly uncompiled, then in an on-stack-replacement version of its loop, and reaches its
     * final compilation hundreds of milliseconds later. The calls' times had stopped improving by
     * 5% before that last compilation landed, so the softmax kernel was timed 10-15% slower in a
     * process's first run than in its later ones.
     */
    private long warmUp(Runnable body, Runnable sync) {
        long budget = settings.warmupNanos();
        long start = clock.getAsLong();
        long fastest = Long.MAX_VALUE;
        long lastChange = start;   // the last call that ran 5% faster or saw the JIT compile
        long jitSoFar = jitMillis.getAsLong();
        int runs = 0;
        while (true) {
            long t0 = clock.getAsLong();
            body.run();
            sync.run();
            long t1 = clock.getAsLong();
            long jitNow = jitMillis.getAsLong();
            if (jitNow != jitSoFar) {   // compiled something during the call: not warm yet
                jitSoFar = jitNow;
                lastChange = t1;
            }
            if (t1 - t0 < fastest * 0.95) lastChange = t1;
            fastest = Math.min(fastest, t1 - t0);
            runs++;
            // A body slower than the whole warm-up budget is warm after two calls: the first pays
            // for compiling (JIT, OpenCL programs), and the JIT has had seconds to finish.
            if (runs >= 2 && fastest >= budget) break;
            if (runs < settings.minWarmupRuns()) continue;
            boolean longEnough = t1 - start >= budget;
            boolean settled = t1 - lastChange >= budget / 2;
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
