package dev.dendrite.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThroughputTest {
    @Test void sgemmOf1024InOneSecondIsAbout2Point15Gflops() {
        double flops = Throughput.matmulFlops(1024, 1024, 1024);
        assertEquals(2.0 * 1024 * 1024 * 1024, flops);
        assertEquals(2.147483648, Throughput.gflops(flops, 1.0), 1e-12);
    }

    @Test void gigabytesAreDecimal() {
        assertEquals(12.0, Throughput.gbPerSecond(12e9 * 0.5, 0.5), 1e-12);
    }

    @Test void percentOfPeak() {
        assertEquals(25.0, Throughput.percentOf(134, 536), 1e-12);
        assertTrue(Double.isNaN(Throughput.percentOf(10, 0)));
        assertTrue(Double.isNaN(Throughput.percentOf(10, Double.NaN)));
    }

    @Test void zeroTimeIsAnErrorNotInfinity() {
        assertThrows(IllegalArgumentException.class, () -> Throughput.gflops(1, 0));
    }
}
