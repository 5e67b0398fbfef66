package dev.dendrite.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The harness's arithmetic, driven by a fake clock: nothing here depends on real time. */
class HarnessTest {
    /** A clock that only moves when the fake body runs: each call "takes" {@code callNanos}. */
    static final class FakeWork {
        long now;
        int calls;
        int syncs;
        final long callNanos;

        FakeWork(long callNanos) { this.callNanos = callNanos; }

        void call() { now += callNanos; calls++; }

        void sync() { syncs++; }
    }

    @Test void callsPerRepFillTheTargetTime() {
        assertEquals(10, Harness.callsPerRep(3_000_000, 30_000_000));
        assertEquals(11, Harness.callsPerRep(2_900_000, 30_000_000));   // rounds up
        assertEquals(1, Harness.callsPerRep(500_000_000, 30_000_000));   // slow call: one per repetition
        assertEquals(1_000_000, Harness.callsPerRep(1, 30_000_000));     // capped
    }

    @Test void repetitionsShrinkToTheBudgetButNotBelowTheMinimum() {
        HarnessSettings s = new HarnessSettings(0, 1, 11, 1, 10_000, 3, 1);
        assertEquals(11, Harness.repetitions(900, s));    // 11 x 900 fits in 10 000
        assertEquals(5, Harness.repetitions(2_000, s));   // only 5 fit
        assertEquals(3, Harness.repetitions(9_999, s));   // never fewer than 3
    }

    @Test void reportsSecondsPerCallFromTheClock() {
        FakeWork w = new FakeWork(2_000_000);   // 2 ms per call
        HarnessSettings s = new HarnessSettings(10_000_000, 2, 5, 20_000_000, 10_000_000_000L, 3, 1);
        Timing t = new Harness(s, () -> w.now).time(w::call, w::sync);

        assertEquals(10, t.callsPerRep());           // 20 ms target / 2 ms
        assertEquals(5, t.reps());
        for (double sec : t.secondsPerCall()) assertEquals(0.002, sec, 1e-15);
        assertEquals(0.002, t.medianSeconds(), 1e-15);
        assertEquals(0, t.spread(), 1e-12);
        // Warm-up: 10 ms budget at 2 ms a call = 5 calls; then 5 repetitions of 10 calls.
        assertEquals(5 + 50, w.calls);
        // One sync after each warm-up call and one per repetition: the clock never stops before the device is done.
        assertEquals(5 + 5, w.syncs);
    }

    @Test void aSlowBodyIsWarmAfterTheMinimumRunsAndTimedFewerTimes() {
        FakeWork w = new FakeWork(4_000_000_000L);   // 4 s per call
        Timing t = new Harness(HarnessSettings.quick(), () -> w.now).time(w::call, w::sync);
        assertEquals(1, t.callsPerRep());
        assertEquals(HarnessSettings.quick().minReps(), t.reps());
        assertEquals(HarnessSettings.quick().minWarmupRuns() + t.reps(), w.calls);
    }

    @Test void presetsAreConsistent() {
        assertTrue(HarnessSettings.quick().reps() >= 3);
        assertTrue(HarnessSettings.full().reps() > HarnessSettings.quick().reps());
    }
}
