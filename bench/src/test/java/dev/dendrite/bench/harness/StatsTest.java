package dev.dendrite.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test void medianOfOddCountIsTheMiddleSample() {
        assertEquals(3.0, Stats.median(new double[] {9, 1, 3, 7, 2}));
    }

    @Test void medianOfEvenCountIsTheMeanOfTheTwoMiddleSamples() {
        assertEquals(4.5, Stats.median(new double[] {8, 1, 4, 5}));
    }

    @Test void medianDoesNotReorderTheCallersArray() {
        double[] samples = {3, 1, 2};
        Stats.median(samples);
        assertEquals(3, samples[0]);
        assertEquals(1, samples[1]);
    }

    @Test void minMaxAndSpread() {
        double[] samples = {10, 12, 8, 11, 10};
        assertEquals(8, Stats.min(samples));
        assertEquals(12, Stats.max(samples));
        assertEquals(0.2, Stats.relativeSpread(samples), 1e-12);   // (12 - 8) / 2 / 10
    }

    @Test void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    }
}
