package dev.dendrite.javadevice;

import dev.dendrite.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Gets the Vector API micro-kernels compiled by C2 on a background thread while the program is
 * still starting (reading its data, building its model), so that its first matmuls already run at
 * full speed.
 *
 * <p>Why: until C2 has compiled a Vector API kernel, every vector operation in it is a method call
 * that allocates its result (the interpreter and C1 do not know the Vector API), some hundred times
 * slower than the compiled kernel. A training run's kernels used to spend their first second or two
 * like that: the MLP's first epoch took 2.5-3.4 s against 0.7-1.0 s for the next ones, and 40% of its
 * samples were the kernels running uncompiled. Here a daemon thread calls each kernel on one small
 * tile (kc = 12) until a round of calls runs at compiled speed. The JIT counts those calls like any
 * others, so the kernel reaches C2 about when the program's first product runs instead of a second
 * later. The kernels have no branch of their own ({@link MicroKernel#run}), so a profile gathered on
 * small tiles is the profile of every tile: no deoptimisation follows.
 *
 * <p>It starts once per JVM, with the first java device that uses the Vector API, and costs one core
 * for well under a second where the JIT works normally. It stops at the program's first product:
 * from then on the program's own calls drive the JIT, and the thread would only take a core from
 * them (a GPT run, which starts its products at once, was 1-4% slower when the thread ran on). It
 * gives up after {@link #DEADLINE_NS} (a JVM without C2, say -Xint). {@link Setting#JIT_WARMUP} =
 * false turns it off.
 */
final class KernelWarmUp {
    private KernelWarmUp() {}

    /** Depth of the warm-up tile: the JIT counts loop iterations too, and a short loop keeps uncompiled calls cheap. */
    private static final int KC = 12;
    /** Calls timed together: enough that one preemption does not decide, few enough to stop soon. */
    private static final int CALLS_PER_ROUND = 16;
    /**
     * A call of a compiled kernel on the warm-up tile takes about 0.1 us, an uncompiled one 20 us or
     * more: a round whose calls average under 2 us ran compiled code.
     */
    private static final long COMPILED_NS_PER_CALL = 2_000;
    /** When the warm-up gives up: where the JIT has not compiled the kernels by then, it never will. */
    static final long DEADLINE_NS = 5_000_000_000L;

    /**
     * What the warm-up did, per kernel: calls made, and nanoseconds until compiled (-1: not seen
     * compiled); {@code stoppedByProducts} when the program's first product ended it.
     */
    record Report(List<String> kernels, int[] calls, long[] compiledAfterNs, boolean stoppedByProducts) {
        boolean allCompiled() {
            for (long ns : compiledAfterNs) if (ns < 0) return false;
            return true;
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < kernels.size(); i++) {
                if (i > 0) sb.append("; ");
                sb.append(kernels.get(i)).append(": ").append(calls[i]).append(" calls, ")
                  .append(compiledAfterNs[i] < 0 ? "not compiled" : String.format(Locale.ROOT, "compiled after %.0f ms", compiledAfterNs[i] / 1e6));
            }
            if (stoppedByProducts) sb.append("; stopped at the program's first product");
            return sb.toString();
        }
    }

    private static CompletableFuture<Report> started;

    /** Set by the program's first product ({@link #productStarted}); the warm-up stops at it. */
    private static volatile boolean products;

    /**
     * Called by every product ({@link Gemm#multiply}). Reads before it writes, so that the field's
     * cache line is written once, not by every product.
     */
    static void productStarted() {
        if (!products) products = true;
    }

    /**
     * Starts the warm-up of these kernels (nulls skipped) unless it already started in this JVM or
     * is turned off; returns its report, which completes when it ends (null when turned off).
     */
    static synchronized CompletableFuture<Report> start(MicroKernel... kernels) {
        if (started != null) return started;
        if (!Setting.JIT_WARMUP.isOn()) return started = CompletableFuture.completedFuture(null);
        List<MicroKernel> list = new ArrayList<>();
        for (MicroKernel k : kernels) if (k != null) list.add(k);
        CompletableFuture<Report> report = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Report r = warm(list, DEADLINE_NS, () -> products);
            report.complete(r);
            System.getLogger("dev.dendrite.javadevice").log(System.Logger.Level.DEBUG, "dendrite java device: kernel warm-up: " + r);
        }, "dendrite-kernel-warm-up");
        thread.setDaemon(true);   // never keeps a finished program alive
        thread.start();
        return started = report;
    }

    /**
     * Calls each kernel in rounds until a round runs at compiled speed, {@code deadlineNs} has
     * passed, or {@code stop} says so (checked before each round).
     */
    static Report warm(List<MicroKernel> kernels, long deadlineNs, BooleanSupplier stop) {
        int n = kernels.size();
        float[][] a = new float[n][], b = new float[n][], c = new float[n][];
        int[] calls = new int[n];
        long[] compiledAfter = new long[n];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MicroKernel k = kernels.get(i);
            a[i] = new float[MicroKernel.A_ROW * k.mr()];   // a packed A panel: rows A_ROW apart
            b[i] = new float[KC * k.nr()];
            c[i] = new float[k.mr() * k.nr()];
            compiledAfter[i] = -1;
            names.add(k.description());
        }
        long start = System.nanoTime();
        int left = n;
        boolean stopped = false;
        while (left > 0 && System.nanoTime() - start < deadlineNs && !(stopped = stop.getAsBoolean())) {
            // Round robin, so that both kernels climb the JIT's counters together.
            for (int i = 0; i < n; i++) {
                if (compiledAfter[i] >= 0) continue;
                MicroKernel k = kernels.get(i);
                long t = System.nanoTime();
                for (int r = 0; r < CALLS_PER_ROUND; r++) k.run(KC, a[i], 0, b[i], 0, c[i], 0, k.nr(), c[i], 0, k.nr());
                long now = System.nanoTime();
                calls[i] += CALLS_PER_ROUND;
                if (now - t < COMPILED_NS_PER_CALL * CALLS_PER_ROUND) {
                    compiledAfter[i] = now - start;
                    left--;
                }
            }
        }
        return new Report(names, calls, compiledAfter, stopped);
    }
}
