package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel warm-up stops as soon as a kernel runs at compiled speed, gives up at its deadline or
 * at the program's first product, and, in a JVM of its own, leaves both Vector API micro-kernels
 * compiled by C2 without boxes before the program's first product.
 */
class KernelWarmUpTest {

    /** A stand-in kernel that takes {@code slowNs} per call for its first {@code slowCalls} calls, then returns at once. */
    private static final class SlowThenFast implements MicroKernel {
        final int slowCalls;
        final long slowNs;
        int calls;

        SlowThenFast(int slowCalls, long slowNs) {
            this.slowCalls = slowCalls;
            this.slowNs = slowNs;
        }

        @Override public int mr() { return 2; }
        @Override public int nr() { return 3; }
        @Override public String description() { return "slow for " + slowCalls + " calls"; }

        @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
            if (calls++ < slowCalls) {
                long until = System.nanoTime() + slowNs;
                while (System.nanoTime() < until) Thread.onSpinWait();
            }
        }
    }

    @Test
    void stopsAtTheFirstRoundThatRunsAtCompiledSpeed() {
        // 100 slow calls: rounds of 16 end at 16, 32, ..., 96 slow; 97-112 has 4 slow calls (80 us,
        // 5 us a call on average), so the first fast round is 113-128. A round can only look slower
        // than it is (the shared cores here once preempted 113-128, and the warm-up stopped at 144),
        // never faster: no stop before 128, and a few rounds of slack after it.
        SlowThenFast kernel = new SlowThenFast(100, 20_000);
        KernelWarmUp.Report report = KernelWarmUp.warm(List.of(kernel), TimeUnit.SECONDS.toNanos(30), () -> false);
        assertTrue(report.allCompiled(), "report: " + report);
        int calls = report.calls()[0];
        assertTrue(calls >= 128 && calls <= 128 + 8 * 16 && calls % 16 == 0, "stopped after " + calls + " calls");
        assertEquals(calls, kernel.calls, "no call after the fast round");
    }

    @Test
    void givesUpAtTheDeadline() {
        SlowThenFast never = new SlowThenFast(Integer.MAX_VALUE, 10_000), soon = new SlowThenFast(0, 0);
        KernelWarmUp.Report report = KernelWarmUp.warm(List.of(never, soon), TimeUnit.MILLISECONDS.toNanos(50), () -> false);
        assertFalse(report.allCompiled());
        assertEquals(-1, report.compiledAfterNs()[0]);
        assertTrue(report.compiledAfterNs()[1] >= 0, "the fast kernel is done in its first round");
        assertEquals(16, report.calls()[1]);
        assertTrue(report.calls()[0] >= 16 && report.calls()[0] <= 50_000_000 / 10_000 + 16, "calls: " + report.calls()[0]);
    }

    @Test
    void stopsWhenTheProgramsProductsBegin() {
        SlowThenFast kernel = new SlowThenFast(1000, 10_000);
        KernelWarmUp.Report report = KernelWarmUp.warm(List.of(kernel), TimeUnit.SECONDS.toNanos(30), () -> kernel.calls >= 40);
        assertTrue(report.stoppedByProducts(), "report: " + report);
        assertEquals(48, report.calls()[0], "checked before each round of 16");
        assertEquals(-1, report.compiledAfterNs()[0]);
        assertTrue(report.toString().contains("stopped at the program's first product"), report.toString());
    }

    /**
     * The child JVM: opens a java device, waits for the warm-up, prints its report, then times real
     * calls of each micro-kernel (kc = 128) and prints "kernel ns-per-call bytes-per-call".
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (JavaDevice device = new JavaDevice()) {
                KernelWarmUp.Report report = KernelWarmUp.start().get(60, TimeUnit.SECONDS);
                boolean thread = Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("dendrite-kernel-warm-up"));
                System.out.println("report " + (report == null ? "none" : report.allCompiled() + " " + report));
                if (report == null) {
                    System.out.println("thread " + thread);
                    return;
                }
                var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long self = Thread.currentThread().getId();
                for (MicroKernel k : List.of(MicroKernels.vector(), MicroKernels.vectorAlternate())) {
                    if (k == null) continue;
                    int kc = 128, calls = 200;
                    float[] a = new float[MicroKernel.A_ROW * k.mr()], b = new float[kc * k.nr()], c = new float[k.mr() * k.nr()];
                    long bytes = threads.getThreadAllocatedBytes(self), t = System.nanoTime();
                    for (int i = 0; i < calls; i++) k.run(kc, a, 0, b, 0, c, 0, k.nr(), c, 0, k.nr());
                    long ns = (System.nanoTime() - t) / calls;
                    System.out.println("kernel " + k.description().replace(' ', '_') + " " + ns + " " + (threads.getThreadAllocatedBytes(self) - bytes) / calls);
                }
            }
        }
    }

    private static String runProbe(String... jvmFlags) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xmx256m"));
        flags.addAll(List.of(jvmFlags));
        return ChildJvm.run(Probe.class, flags, 120);
    }

    @Test
    void leavesBothKernelsCompiledWithoutBoxes() throws Exception {
        String out = runProbe();
        assertTrue(out.contains("report true "), "the warm-up should see every kernel compiled:\n" + out);
        List<String> kernels = out.lines().filter(l -> l.startsWith("kernel ")).toList();
        assertFalse(kernels.isEmpty(), out);
        for (String line : kernels) {
            String[] f = line.split(" ");
            // A boxed kernel allocates kilobytes per call (VectorBoxingTest); an uncompiled one megabytes.
            assertTrue(Long.parseLong(f[3]) < 100, "the warmed-up kernel allocates per call: " + line + "\n" + out);
        }
    }

    @Test
    void turnedOffStartsNoThread() throws Exception {
        String out = runProbe("-Ddendrite.warmup=false");
        assertTrue(out.contains("report none"), out);
        assertTrue(out.contains("thread false"), out);
    }
}
