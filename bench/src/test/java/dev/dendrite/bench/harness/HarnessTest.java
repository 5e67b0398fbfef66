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

    @Test void aSlowBodyIsWarmAfterTwoCallsAndTimedFewerTimes() {
        FakeWork w = new FakeWork(4_000_000_000L);   // 4 s per call
        Timing t = new Harness(HarnessSettings.quick(), () -> w.now).time(w::call, w::sync);
        assertEquals(1, t.callsPerRep());
        assertEquals(HarnessSettings.quick().minReps(), t.reps());
        assertEquals(2 + t.reps(), w.calls);
    }

    @Test void warmUpGoesOnWhileCallsKeepGettingFaster() {
        // The "JIT" speeds the body up over its first calls: 8, 7, 6, 5, 4 ms, then 2 ms for good.
        long[] now = {0};
        int[] calls = {0};
        long[] cost = {8, 7, 6, 5, 4};
        Runnable body = () -> {
            now[0] += 1_000_000 * (calls[0] < cost.length ? cost[calls[0]] : 2);
            calls[0]++;
        };
        HarnessSettings s = new HarnessSettings(20_000_000, 2, 3, 10_000_000, 10_000_000_000L, 3, 1);
        Timing t = new Harness(s, () -> now[0]).time(body, () -> {});
        // The 20 ms budget is spent during the 3rd call, but calls keep getting faster until the
        // 6th (ending at 32 ms); warm-up ends once 10 ms (half the budget) pass with no gain: call 11.
        for (double sec : t.secondsPerCall()) assertEquals(0.002, sec, 1e-15);
        assertEquals(5, t.callsPerRep());
        assertEquals(11 + 3 * 5, calls[0]);
    }

    @Test void warmUpGoesOnWhileTheJitCompiles() {
        // Every call takes 2 ms, but the JIT finishes a compilation during each of the first 15
        // (its counter of compilation time moves): a later, faster version of the body may be on
        // its way, so the warm-up waits until half its budget passes with no compilation.
        long[] now = {0}, jit = {0};
        int[] calls = {0};
        Runnable body = () -> {
            now[0] += 2_000_000;
            if (++calls[0] <= 15) jit[0] += 7;
        };
        HarnessSettings s = new HarnessSettings(20_000_000, 2, 3, 10_000_000, 10_000_000_000L, 3, 1);
        new Harness(s, () -> now[0], () -> jit[0]).time(body, () -> {});
        // The last compilation ends with call 15 (30 ms); 10 ms later, call 20, the body is warm;
        // then 3 repetitions of 5 calls. Without the JIT's counter it would be warm at call 10.
        assertEquals(20 + 3 * 5, calls[0]);
        calls[0] = 0;
        now[0] = 0;
        new Harness(s, () -> now[0]).time(body, () -> {});
        assertEquals(10 + 3 * 5, calls[0]);
    }

    @Test void warmUpNeverExceedsFourTimesItsBudget() {
        long[] now = {0};
        long[] cost = {10_000_000};
        Runnable body = () -> { now[0] += cost[0]; cost[0] = cost[0] * 9 / 10; };   // forever 10% faster
        HarnessSettings s = new HarnessSettings(20_000_000, 2, 3, 1, 10_000_000_000L, 3, 1);
        new Harness(s, () -> now[0]).time(body, () -> {});
        assertTrue(now[0] < 4 * 20_000_000 + 10_000_000 + 3 * 10_000_000, "ran " + now[0] + " ns");
    }

    @Test void presetsAreConsistent() {
        assertTrue(HarnessSettings.quick().reps() >= 3);
        assertTrue(HarnessSettings.full().reps() > HarnessSettings.quick().reps());
    }
}
