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

    @Test void minMaxAndQuantiles() {
        double[] samples = {10, 12, 8, 11, 10};
        assertEquals(8, Stats.min(samples));
        assertEquals(12, Stats.max(samples));
        assertEquals(10, Stats.quantile(samples, 0.25));    // sorted 8 10 10 11 12: position 1
        assertEquals(11, Stats.quantile(samples, 0.75));    // position 3
        assertEquals(10.5, Stats.quantile(new double[] {10, 11}, 0.5));
        assertEquals(8, Stats.quantile(samples, 0));
        assertEquals(12, Stats.quantile(samples, 1));
    }

    @Test void spreadIsHalfTheInterquartileRangeOverTheMedian() {
        assertEquals(0.05, Stats.relativeSpread(new double[] {10, 12, 8, 11, 10}), 1e-12);   // (11 - 10) / 2 / 10
        // One stray repetition a hundred times slower barely moves it: sorted 8 9.5 10 10 11 12 1000,
        // quartiles 9.75 and 11.5 (half the min-max range would say +-4960%).
        assertEquals(0.0875, Stats.relativeSpread(new double[] {10, 12, 8, 11, 10, 1000, 9.5}), 1e-12);
    }

    @Test void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    }
}
