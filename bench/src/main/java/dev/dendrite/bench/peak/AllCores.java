package dev.dendrite.bench.peak;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntConsumer;

/**
 * Runs one task per thread, all released together, and returns the wall time from the first
 * thread's start to the last thread's finish. Used by the peak measurements, which must load
 * every core at once (a peak measured on one core would flatter every multi-threaded kernel).
 *
 * <p>Each worker reads the clock itself: on a machine with as many cores as workers, the
 * coordinating thread may not be scheduled again until the workers are done, so its clock
 * readings would say nothing about theirs.
 */
final class AllCores {
    private AllCores() {}

    static long runNanos(int threads, IntConsumer task) {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] begin = new long[threads];
        long[] end = new long[threads];
        Thread[] workers = new Thread[threads];
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    begin[id] = System.nanoTime();
                    task.accept(id);
                    end[id] = System.nanoTime();
                } catch (InterruptedException | BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    synchronized (failure) { failure[0] = e; }
                }
            }, "peak-" + t);
            workers[t].start();
        }
        try {
            for (Thread w : workers) w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("peak measurement interrupted", e);
        }
        if (failure[0] != null) throw failure[0];
        return span(begin, end);
    }

    /** From the earliest start to the latest end. */
    static long span(long[] begin, long[] end) {
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (long b : begin) first = Math.min(first, b);
        for (long e : end) last = Math.max(last, e);
        return last - first;
    }
}
