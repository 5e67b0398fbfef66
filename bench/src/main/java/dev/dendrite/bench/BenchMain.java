package dev.dendrite.bench;

import dev.dendrite.bench.harness.Harness;
import dev.dendrite.bench.harness.HarnessSettings;
import dev.dendrite.bench.peak.Peak;
import dev.dendrite.bench.peak.PeakBandwidth;
import dev.dendrite.bench.peak.PeakFlops;
import dev.dendrite.bench.report.MarkdownTable;
import dev.dendrite.bench.report.Report;
import dev.dendrite.bench.report.Result;
import dev.dendrite.bench.report.SvgChart;
import dev.dendrite.bench.suite.KernelCase;
import dev.dendrite.bench.suite.SuitePlan;
import dev.dendrite.bench.suite.SuiteRunner;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceProvider;
import dev.dendrite.device.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./dendrite bench}: measures this machine's peaks, then runs the quick suite on every
 * available device and prints one table (and, with {@code --out}, writes it as Markdown with an
 * SVG chart). For numbers to publish, use the JMH benchmarks in this module.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dendrite bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        if (!PeakFlops.vectorApiPresent()) {
            System.err.println("dendrite bench: the JVM must be started with --add-modules jdk.incubator.vector "
                    + "(./dendrite does this)");
            System.exit(2);
        }
        System.exit(run(options));
    }

    static int run(BenchOptions options) {
        List<String> known = Devices.names();
        for (String name : options.devices()) {
            if (!known.contains(name)) {
                System.err.println("dendrite bench: unknown device '" + name + "'; known devices: " + String.join(", ", known));
                return 2;
            }
        }
        if (options.out() != null) {
            try {
                Files.createDirectories(options.out());   // fail now, not after minutes of measuring
            } catch (IOException e) {
                System.err.println("dendrite bench: cannot create " + options.out() + ": " + why(e));
                return 2;
            }
        }
        long start = System.nanoTime();
        int threads = Runtime.getRuntime().availableProcessors();
        String load = LoadAverage.read();
        System.err.println("measuring this machine's peaks on " + threads + " threads ...");
        // Best of several short runs: on shared cores, more tries give a better chance of a quiet moment.
        Peak flops = PeakFlops.measure(threads, options.quick() ? 8 : 20);
        Peak oneCore = PeakFlops.measure(1, options.quick() ? 3 : 5);
        Peak bandwidth = PeakBandwidth.measure(threads, 32 << 20, options.quick() ? 5 : 10);
        System.err.println("  compute: " + flops + "\n  memory:  " + bandwidth);
        Map<String, Double> peaks = Map.of(flops.unit(), flops.value(), bandwidth.unit(), bandwidth.value());

        List<String> context = new ArrayList<>();
        context.add(String.format(Locale.ROOT, "machine: %d cores (%s), %s, Java %s; load average at start %s",
                threads, System.getProperty("os.arch"), CpuName.read(), System.getProperty("java.version"), load));
        context.add("compute peak: " + flops + "; one core: " + String.format(Locale.ROOT, "%.1f GFLOP/s", oneCore.value()));
        context.add("memory peak: " + bandwidth);

        Harness harness = new Harness(options.quick() ? HarnessSettings.quick() : HarnessSettings.full());
        SuiteRunner runner = new SuiteRunner(harness, peaks, line -> System.err.println("  " + line));
        List<KernelCase> plan = SuitePlan.cases(options.quick());
        List<Result> results = new ArrayList<>();
        for (DeviceSlot slot : devices(options.devices())) {
            if (slot.device() == null) {
                context.add("device " + slot.name() + ": skipped, " + slot.skipReason());
                System.err.println("skipping " + slot.name() + ": " + slot.skipReason());
                continue;
            }
            Device device = slot.device();
            context.add("device " + device.name() + ": " + device.description());
            System.err.println("running on " + device.description() + " ...");
            results.addAll(runner.run(device, plan));
        }
        results = SuiteRunner.inPlanOrder(results, plan);

        List<String> notes = new ArrayList<>();
        notes.add(notes(options.quick()));
        if (!runner.skipped().isEmpty()) {
            notes.add("Skipped as too slow for this run: " + String.join("; ", runner.skipped()) + ".");
        }
        if (!runner.failures().isEmpty()) notes.add("Failed: " + String.join("; ", runner.failures()));
        String title = "Dendrite benchmarks, " + LocalDate.now() + (options.quick() ? " (quick)" : "");
        Report report = new Report(title, context, results, notes);
        String markdown = MarkdownTable.write(report);
        System.out.print(markdown);
        if (options.out() != null) {
            try {
                Path md = options.out().resolve("benchmarks.md");
                Path svg = options.out().resolve("benchmarks.svg");
                Files.writeString(md, markdown);
                Files.writeString(svg, SvgChart.write(title, results, peaks));
                System.err.println("wrote " + md + " and " + svg);
            } catch (IOException e) {
                System.err.println("dendrite bench: cannot write to " + options.out() + ": " + why(e));
                return 1;
            }
        }
        System.err.printf(Locale.ROOT, "done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return runner.failures().isEmpty() ? 0 : 1;
    }

    /** The reason a file operation failed, in words (NIO's messages are often just the path). */
    static String why(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    /** A device the suite was asked to run: open, or skipped for the reason given. */
    public record DeviceSlot(String name, Device device, String skipReason) {}

    /** The requested devices (all when none is named), java first, each open or with the reason it cannot run. */
    public static List<DeviceSlot> devices(List<String> wanted) {
        // Providers come highest priority first; reversed, the table reads from the reference (java) up.
        List<String> names = new ArrayList<>();
        for (DeviceProvider p : Devices.providers()) names.add(0, p.name());
        List<DeviceSlot> slots = new ArrayList<>();
        for (String name : names) {
            if (!wanted.isEmpty() && !wanted.contains(name)) continue;
            String reason = Devices.unavailableReason(name);
            if (reason != null) {
                slots.add(new DeviceSlot(name, null, reason));
                continue;
            }
            try {
                slots.add(new DeviceSlot(name, Devices.get(name), null));
            } catch (RuntimeException e) {
                slots.add(new DeviceSlot(name, null, "failed to start: " + e.getMessage()));
            }
        }
        return slots;
    }

    static String notes(boolean quick) {
        return "Each figure is the median of " + (quick ? HarnessSettings.quick().reps() : HarnessSettings.full().reps())
                + " timed repetitions after a warm-up; a repetition queues enough calls to last "
                + (quick ? "30" : "200") + " ms and synchronizes the device before the clock stops. "
                + "Percentages compare with the peaks above, measured in the same run on the same cores "
                + "(for a GPU device they do not apply and show as '-'). The cores may be shared with other "
                + "processes: see the load average above, and the spread column (half the inter-quartile range of "
                + "the repetitions). The quick suite is for a glance; publish figures from the JMH benchmarks.";
    }
}
