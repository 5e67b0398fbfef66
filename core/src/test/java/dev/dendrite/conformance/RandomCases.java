package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.NORMAL;
import static dev.dendrite.conformance.Tolerances.Kind.UNIFORM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Philox random numbers: the same (seed, counter) must give the same value on every device.
 * Counter offsets that are not a multiple of 4 (one Philox call yields 4 words) and not of 2
 * (Box-Muller yields pairs), offsets above 2^32 (the counter is 64-bit), negative and large seeds.
 * A second kind of case checks, on the device alone, that a run at offset k equals the tail of a
 * run at offset 0: the value depends on the element's counter only, not on how work was split.
 */
final class RandomCases {
    private RandomCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(randomCase(Distribution.UNIFORM, 42, 0, 129, 0, 1));
        cases.add(randomCase(Distribution.UNIFORM, 7, 7, 33, -2, 3));
        cases.add(randomCase(Distribution.UNIFORM, -1, (1L << 33) + 3, 17, 0, 1));
        cases.add(randomCase(Distribution.UNIFORM, 0xDEADBEEFCAFEL, 1, 1, -1, 1));
        cases.add(randomCase(Distribution.UNIFORM, 5, 0, 0, 0, 1));
        cases.add(randomCase(Distribution.NORMAL, 42, 0, 129, 0, 1));
        cases.add(randomCase(Distribution.NORMAL, 123, 5, 17, 2, 0.5f));
        cases.add(randomCase(Distribution.NORMAL, -7, (1L << 32) + 1, 33, 0, 1));
        cases.add(randomCase(Distribution.NORMAL, 99, 3, 1, -1, 2));
        // Long enough that a device splits the work; chunk boundaries must not shift the counters.
        cases.add(randomCase(Distribution.UNIFORM, 2024, 5, 40_003, -1, 1));
        cases.add(randomCase(Distribution.NORMAL, 2025, 3, 40_001, 0, 1));
        cases.add(offsetCase(Distribution.UNIFORM));
        cases.add(offsetCase(Distribution.NORMAL));
        return cases;
    }

    private static ConformanceCase randomCase(Distribution dist, long seed, long counterOffset, int count, float a, float b) {
        OpCase c = new OpCase("random " + dist + " (" + a + ", " + b + ") seed " + seed + " counter offset " + counterOffset
                + " count " + count);
        return c.output("dst", DType.F32, new int[] {count}, dist == Distribution.UNIFORM ? UNIFORM : NORMAL,
                        Math.max(Math.abs(a), Math.abs(b)))
                .run((d, bufs) -> d.random(bufs.get("dst"), count, dist, seed, counterOffset, a, b));
    }

    private static ConformanceCase offsetCase(Distribution dist) {
        String name = "random " + dist + " at counter offset 7 equals elements 7.. of a run at offset 0";
        return new ConformanceCase() {
            @Override public String name() { return name; }

            @Override public void run(CaseContext context) {
                Device d = context.device();
                float[] whole = draw(d, dist, 33, 0);
                float[] tail = draw(d, dist, 26, 7);
                assertArrayEquals(Arrays.copyOfRange(whole, 7, 33), tail, 0f,
                        name + " on device '" + d.name() + "'");
                float[] otherSeed = draw(d, dist, 33, 0, 43);
                assertTrue(!Arrays.equals(whole, otherSeed), name + ": seeds 42 and 43 gave the same numbers");
            }
        };
    }

    private static float[] draw(Device d, Distribution dist, int count, long offset) {
        return draw(d, dist, count, offset, 42);
    }

    private static float[] draw(Device d, Distribution dist, int count, long offset, long seed) {
        DeviceBuffer b = d.allocate(DType.F32, count);
        try {
            d.random(b, count, dist, seed, offset, 0f, 1f);
            float[] out = new float[count];
            d.download(b, 0, out, 0, count);
            return out;
        } finally {
            d.release(b);
        }
    }
}
