package dev.dendrite.javadevice;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a loop over {@code [0, n)} into contiguous chunks run on the device's threads. The calling
 * thread works on the first chunk itself, so a device with {@code threads} threads keeps
 * {@code threads - 1} pool workers. Small loops, and loops started from inside a worker (a conv
 * calling matmul), run on the calling thread: nested splitting would only add overhead.
 *
 * <p>A chunk handed to a worker is claimed by whoever starts it first: when the calling thread has
 * finished its own chunk and a worker has not yet started one (a parked worker took about 50 us to
 * wake, as long as half of an Adam step on the MLP's largest weight), the calling thread runs it
 * itself. So a split loop is never much slower than the calling thread alone (a 60 us loop took
 * 86-106 us split in two before, 61 us on one thread), and the chunks, hence the results, are
 * the same whoever runs them.
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
        Chunk[] handed = new Chunk[chunks - 1];
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int t = 1; t < chunks; t++) {
            Chunk chunk = new Chunk(body, (int) ((long) n * t / chunks), (int) ((long) n * (t + 1) / chunks));
            handed[t - 1] = chunk;
            tasks[t - 1] = pool.submit(() -> { chunk.runIfUnclaimed(); });
        }
        boolean[] ranHere = new boolean[chunks - 1];
        RuntimeException failure = null;
        boolean[] flag = inLoop.get();
        flag[0] = true;
        try {
            body.run(0, (int) ((long) n / chunks));
            // The chunks no worker has started yet: this thread runs them rather than wait for a wake-up.
            for (int t = 0; t < handed.length; t++) ranHere[t] = handed[t].runIfUnclaimed();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            flag[0] = false;
        }
        for (int t = 0; t < tasks.length; t++) {
            if (ranHere[t]) continue;   // its task finds the chunk claimed and does nothing: no need to wait for it
            try {
                tasks[t].join();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    /** One chunk of a split loop, run by the first thread that claims it. */
    private static final class Chunk extends AtomicBoolean {
        private final Body body;
        private final int from, to;

        Chunk(Body body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        /** Runs the chunk unless another thread claimed it first; true when this call ran it. */
        boolean runIfUnclaimed() {
            if (!compareAndSet(false, true)) return false;
            body.run(from, to);
            return true;
        }
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
