package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.config.Setting;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which products the device's matmul shares between threads: one product from
 * {@code DENDRITE_GEMM_SHARE_MACS} multiply-adds (32 M by default), with the same bits as on one
 * thread either way.
 */
class GemmSharingTest {
    private static final Parallel TWO = new Parallel(2);

    @BeforeAll
    static void defaults() {
        assumeTrue(Setting.GEMM_SHARE_MACS.intValue() == 1 << 25, "DENDRITE_GEMM_SHARE_MACS is set to something else");
    }

    @AfterAll
    static void stop() {
        TWO.shutdown();
    }

    /** A kernel that notes which threads ran it, then runs the real one. */
    private static final class Witness implements MicroKernel {
        final MicroKernel real;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        Witness(MicroKernel real) { this.real = real; }

        @Override public int mr() { return real.mr(); }
        @Override public int nr() { return real.nr(); }
        @Override public String description() { return "witness of " + real.description(); }

        @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
            threads.add(Thread.currentThread());
            real.run(kc, a, aOff, b, bOff, c, cOff, ldc, old, oldOff, oldLd);
        }
    }

    /**
     * Runs an m x n x k product on TWO through a Gemm with the device's defaults, {@code tries}
     * times; returns the threads its kernel ran on.
     */
    private static Set<Thread> threadsOf(int m, int n, int k, int tries) {
        Witness kernel = new Witness(JavaDevice.vectorApiAvailable() ? MicroKernels.vector() : MicroKernels.scalar());
        Gemm shared = new Gemm(kernel, null), alone = new Gemm(kernel.real, null);
        Random r = new Random(m + n + k);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], expected = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        alone.multiply(null, m, n, k, a, 0, k, 1, b, 0, n, 1, expected, 0, n, false);
        // A worker woken late may find the calling thread done: a few tries give it the chance.
        for (int t = 0; t < tries && kernel.threads.size() < 2; t++) {
            shared.multiply(TWO, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false);
            assertArrayEquals(expected, c, m + " x " + n + " x " + k + ": the same bits as on one thread");
        }
        return kernel.threads;
    }

    @Test
    void aMidSizedProductStaysOnTheCallingThread() {
        // The MLP's largest product, [128 x 784] x [784 x 256]: 25.7 M multiply-adds.
        assertEquals(Set.of(Thread.currentThread()), threadsOf(128, 256, 784, 5));
    }

    @Test
    void aLargeProductIsShared() {
        // 256 x 512 x 384 = 50 M multiply-adds; the pool's worker takes part of it.
        Set<Thread> threads = threadsOf(256, 512, 384, 50);
        assertEquals(2, threads.size(), "threads: " + threads);
        assertTrue(threads.contains(Thread.currentThread()));
    }
}
