package dev.dendrite.bench.peak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The counting behind the peaks (the measurements themselves are timing, so they live in JMH). */
class PeakArithmeticTest {
    @Test void wallTimeSpansFromTheFirstStartToTheLastEnd() {
        assertEquals(90, AllCores.span(new long[] {10, 5, 20}, new long[] {50, 95, 60}));
    }

    @Test void fmaLoopCountsTwoFlopsPerLanePerChainPerIteration() {
        assertEquals(2.0 * FmaLoop.CHAINS * FmaLoop.SPECIES.length() * 1000, FmaLoop.flops(1000));
        assertEquals(FmaLoop.flops(PeakKernels.FMA_ITERATIONS), PeakKernels.fmaFlopsPerCall());
    }

    @Test void aCopyReadsAndWritesEveryByte() {
        assertEquals(8.0 * (32 << 20), PeakBandwidth.bytesCopied(32 << 20));
    }

    @Test void allCoresRunsEveryTaskOnceAndReportsFailures() {
        boolean[] ran = new boolean[3];
        AllCores.runNanos(3, t -> ran[t] = true);
        assertEquals(3, (ran[0] ? 1 : 0) + (ran[1] ? 1 : 0) + (ran[2] ? 1 : 0));
        assertThrows(IllegalStateException.class, () -> AllCores.runNanos(2, t -> {
            throw new IllegalStateException("boom");
        }));
    }

    @Test void aPeakMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Peak(0, "GB/s", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Peak(Double.NaN, "GB/s", "x"));
    }
}
