package dev.dendrite.javadevice;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a loop over {@code [0, n)} into contiguous chunks run on the device's threads. The calling
 * thread works on the first chunk itself, so a device with {@code threads} threads keeps
 * {@code threads - 1} pool workers. Small loops, and loops started from inside a worker (a conv
 * calling matmul), run on the calling thread: nested splitting would only add overhead.
 */
final class Parallel {

    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    /** A body for one item of {@link #forEachItem}. */
    @FunctionalInterface
    interface Item {
        void run(int item);
    }

    private final int threads;
    private final ForkJoinPool pool;
    /** Set while the calling thread runs its own chunk of a split loop. */
    private final ThreadLocal<boolean[]> inLoop = ThreadLocal.withInitial(() -> new boolean[1]);

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads - 1) : null;
    }

    int threads() { return threads; }

    /** True when the caller already runs a chunk of a split loop (so it should not split again). */
    boolean insideWorker() {
        return pool != null && (ForkJoinTask.getPool() == pool || inLoop.get()[0]);
    }

    /** Runs body over [0, n) in at most {@code threads} chunks of at least {@code minChunk} items. */
    void forRange(int n, int minChunk, Body body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(threads, Math.max(1, (long) n / Math.max(1, minChunk)));
        if (chunks <= 1 || pool == null || pool.isShutdown() || insideWorker()) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int t = 1; t < chunks; t++) {
            int from = (int) ((long) n * t / chunks), to = (int) ((long) n * (t + 1) / chunks);
            tasks[t - 1] = pool.submit(() -> body.run(from, to));
        }
        RuntimeException failure = null;
        boolean[] flag = inLoop.get();
        flag[0] = true;
        try {
            body.run(0, (int) ((long) n / chunks));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            flag[0] = false;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * Runs {@code body} for items 0 .. n-1, handed out one at a time from a shared counter: a thread
     * that is slowed down (by other processes, or by a bigger item) simply takes fewer items.
     */
    void forEachItem(int n, Item body) {
        if (n <= 0) return;
        AtomicInteger next = new AtomicInteger();
        forRange(Math.min(threads, n), 1, (from, to) -> {
            for (int item; (item = next.getAndIncrement()) < n; ) body.run(item);
        });
    }

    /** Stops the workers; later loops run on the calling thread, so a closed device still works. */
    void shutdown() {
        if (pool != null) pool.shutdown();
    }
}
