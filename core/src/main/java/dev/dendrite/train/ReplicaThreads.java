package dev.dendrite.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * One thread per replica of {@link DataParallel}: replica i always runs on thread i, so a device
 * that binds state to a thread (a CUDA context) sees one thread, and each replica's work overlaps
 * with the others'. Tensors made on a thread join that thread's scopes, so each task opens its own.
 */
final class ReplicaThreads implements AutoCloseable {
    private final List<ExecutorService> threads = new ArrayList<>();

    ReplicaThreads(int replicas) {
        for (int i = 0; i < replicas; i++) {
            String name = "dendrite-replica-" + i;
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true); // never keeps the JVM alive
                return t;
            }));
        }
    }

    /** Runs {@code task(i)} for i in [0, k) on thread i; waits for all and rethrows the first failure. */
    void run(int k, IntConsumer task) {
        List<Future<?>> pending = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int index = i;
            pending.add(threads.get(i).submit(() -> task.accept(index)));
        }
        Throwable failure = null;
        for (Future<?> f : pending) {
            try {
                f.get(); // wait for every task even after a failure: none may still touch the replicas
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("DataParallel: a replica's step failed: " + failure, failure);
    }

    @Override public void close() {
        for (ExecutorService t : threads) t.shutdownNow();
    }
}
