package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Parallel.forRange: every index once, in the same chunks whoever runs them, without waiting for a busy worker. */
class ParallelTest {

    @Test
    void everyIndexRunsOnceInTheSameChunksOnEveryCall() {
        Parallel parallel = new Parallel(3);
        try {
            List<String> first = null;
            for (int call = 0; call < 200; call++) {
                AtomicIntegerArray seen = new AtomicIntegerArray(1000);
                List<String> chunks = Collections.synchronizedList(new ArrayList<>());
                parallel.forRange(1000, 100, (from, to) -> {
                    chunks.add(from + ".." + to);
                    for (int i = from; i < to; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < 1000; i++) assertEquals(1, seen.get(i), "index " + i + " on call " + call);
                Collections.sort(chunks);
                if (first == null) first = chunks;
                assertEquals(first, chunks, "the chunks do not depend on which thread ran them");
            }
            assertEquals(List.of("0..333", "333..666", "666..1000"), first);
        } finally {
            parallel.shutdown();
        }
    }

    /**
     * With the only worker busy, the calling thread runs the worker's chunk itself and returns; it
     * used to wait until the worker was free (and a parked worker took about 50 us to wake).
     */
    @Test
    void theCallingThreadRunsAChunkNoWorkerHasStarted() throws Exception {
        Parallel parallel = new Parallel(2);
        CountDownLatch release = new CountDownLatch(1), workerHeld = new CountDownLatch(1);
        // Another thread's split loop whose first chunk waits until the worker has taken the second,
        // which then holds the worker until released.
        Thread holder = new Thread(() -> parallel.forRange(2, 1, (from, to) -> {
            try {
                if (from == 0) {
                    workerHeld.await(30, TimeUnit.SECONDS);
                } else {
                    workerHeld.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            holder.start();
            assertTrue(workerHeld.await(30, TimeUnit.SECONDS), "the worker took the holder's second chunk");
            float[] y = new float[4000];
            List<Thread> runners = Collections.synchronizedList(new ArrayList<>());
            Thread caller = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                parallel.forRange(y.length, 100, (from, to) -> {
                    runners.add(Thread.currentThread());
                    for (int i = from; i < to; i++) y[i] = i;
                });
                return Thread.currentThread();
            });
            assertEquals(List.of(caller, caller), runners, "both chunks on the calling thread");
            float[] want = new float[4000];
            for (int i = 0; i < want.length; i++) want[i] = i;
            assertArrayEquals(want, y);
        } finally {
            release.countDown();
            holder.join(30_000);
            parallel.shutdown();
        }
    }

    @Test
    void aChunksExceptionReachesTheCaller() {
        Parallel parallel = new Parallel(2);
        try {
            IllegalStateException thrown = new IllegalStateException("chunk failed");
            for (int failing = 0; failing < 2; failing++) {
                int bad = failing;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.forRange(2000, 100, (from, to) -> {
                    if ((from == 0) == (bad == 0)) throw thrown;
                }));
                // from a worker, ForkJoinTask.join rethrows a copy whose cause is the original
                assertSame(thrown, e == thrown ? e : e.getCause(), "chunk " + bad);
            }
        } finally {
            parallel.shutdown();
        }
    }
}
