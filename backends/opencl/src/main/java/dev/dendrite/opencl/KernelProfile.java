package dev.dendrite.opencl;

import dev.dendrite.config.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time goes, kernel by kernel: with {@code DENDRITE_OPENCL_PROFILE=1} (or
 * {@code -Ddendrite.opencl.profile=true}) every launch waits for its kernel to finish and adds the
 * wall time to that kernel's total, and a table is printed to stderr when the JVM exits. Waiting
 * after every launch costs the queue its asynchrony, so totals are a little higher than in a
 * normal run; the ranking is what matters. Off by default, and free when off.
 */
final class KernelProfile {
    static final boolean ENABLED = Setting.OPENCL_PROFILE.isOn();

    private static final Map<String, long[]> TOTALS = new HashMap<>();   // name -> {launches, nanoseconds}

    static {
        if (ENABLED) Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(report()), "opencl-profile"));
    }

    private KernelProfile() {}

    static synchronized void add(String kernel, long nanos) {
        long[] t = TOTALS.computeIfAbsent(kernel, k -> new long[2]);
        t[0]++;
        t[1] += nanos;
    }

    /** The table, slowest kernel first. */
    static synchronized String report() {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(TOTALS.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        long total = 0;
        for (Map.Entry<String, long[]> r : rows) total += r.getValue()[1];
        StringBuilder sb = new StringBuilder("OpenCL kernel time (each launch waited for):\n");
        sb.append(String.format("  %-28s %10s %12s %7s%n", "kernel", "launches", "ms", "share"));
        for (Map.Entry<String, long[]> r : rows) {
            sb.append(String.format("  %-28s %10d %12.1f %6.1f%%%n", r.getKey(), r.getValue()[0], r.getValue()[1] / 1e6,
                    100.0 * r.getValue()[1] / Math.max(1, total)));
        }
        return sb.toString();
    }
}
