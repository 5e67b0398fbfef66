package dev.dendrite.bench.suite;

import dev.dendrite.bench.harness.Harness;
import dev.dendrite.bench.harness.Throughput;
import dev.dendrite.bench.harness.Timing;
import dev.dendrite.bench.report.Result;
import dev.dendrite.device.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a plan on one device: each case once, or once per matmul variant for the cases where the
 * variant matters. A case that throws is recorded as a failure and the suite goes on.
 */
public final class SuiteRunner {
    private final Harness harness;
    private final Map<String, Double> peaks;
    private final Consumer<String> progress;
    private final List<String> failures = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    /** Seconds per unit of work of the last size run, per device/variant/benchmark: to predict the next. */
    private final Map<String, Double> secondsPerWork = new HashMap<>();

    public SuiteRunner(Harness harness, Map<String, Double> peaks, Consumer<String> progress) {
        this.harness = harness;
        this.peaks = peaks;
        this.progress = progress;
    }

    /** One line per case that failed: device, case and the exception's message. */
    public List<String> failures() { return failures; }

    /** One line per case skipped as too slow, with its predicted time per call. */
    public List<String> skipped() { return skipped; }

    public List<Result> run(Device device, List<KernelCase> cases) {
        List<Result> results = new ArrayList<>();
        boolean onHost = PeakScope.runsOnHostCpu(device);
        for (MatmulVariant variant : MatmulVariants.of(device)) {
            String unavailable = variant.unavailableReason();
            if (unavailable != null) {
                results.addAll(notRun(device.name(), variant.name(), cases, unavailable));
                continue;
            }
            try (variant) {
                for (KernelCase c : cases) {
                    if (!c.perMatmulVariant()) continue;
                    results.addAll(runCase(variant.device(), device.name(), variant.name(), c, onHost,
                            !variant.reference(), buffers -> c.prepare(variant, buffers)));
                }
            } catch (RuntimeException e) {
                fail(device.name(), "matmul variant '" + variant.name() + "'", e);
            }
        }
        for (KernelCase c : cases) {
            if (c.perMatmulVariant()) continue;
            results.addAll(runCase(device, device.name(), "", c, onHost, true, buffers -> c.prepare(device, buffers)));
        }
        return results;
    }

    /** A row without figures for each case of a variant that cannot run here, saying why. */
    private List<Result> notRun(String device, String variant, List<KernelCase> cases, String reason) {
        progress.accept(device + "/" + variant + ": not run, " + reason);
        List<Result> rows = new ArrayList<>();
        for (KernelCase c : cases) {
            if (c.perMatmulVariant()) rows.add(Result.notRun(c.benchmark(), c.size(), device, variant, c.unit(), reason));
        }
        return rows;
    }

    /** Times one case; with {@code mayBeSkipped}, not when a smaller size predicts a call too slow for this run. */
    private List<Result> runCase(Device device, String deviceName, String variant, KernelCase c, boolean onHost,
                                 boolean mayBeSkipped, Function<DeviceBuffers, Runnable> prepare) {
        String series = deviceName + (variant.isEmpty() ? "" : "/" + variant);
        String label = series + " " + c.benchmark() + " " + c.size();
        String key = series + " " + c.benchmark();
        double predicted = predictSeconds(secondsPerWork.get(key), c.workPerCall());
        if (mayBeSkipped && predicted * 1e9 > harness.settings().maxCallNanos()) {
            String line = String.format(java.util.Locale.ROOT, "%s (about %.1f s per call predicted from the smaller size)",
                    label, predicted);
            skipped.add(line);
            progress.accept("skipped " + line);
            return List.of();
        }
        try (DeviceBuffers buffers = new DeviceBuffers(device)) {
            Runnable body = prepare.apply(buffers);
            Timing t = harness.time(body, device::synchronize);
            secondsPerWork.put(key, t.medianSeconds() / c.workPerCall());
            Result r = toResult(c, deviceName, variant, t, onHost ? peaks.get(c.unit()) : null);
            progress.accept(String.format(java.util.Locale.ROOT, "%-52s %10.2f %s", label, r.value(), r.unit()));
            return List.of(r);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(deviceName, c.benchmark() + " " + c.size() + (variant.isEmpty() ? "" : " (" + variant + ")"), e);
            return List.of();
        }
    }

    /**
     * Seconds one call of {@code work} should take at the rate measured for a smaller size of the
     * same benchmark (0 when there is none). Larger sizes usually run at least as fast per unit of
     * work, so this errs on the side of running a case.
     */
    static double predictSeconds(Double secondsPerWork, double work) {
        return secondsPerWork == null ? 0 : secondsPerWork * work;
    }

    /** Turns a timing into a table row: median seconds per call, the figure, and its share of the peak. */
    public static Result toResult(KernelCase c, String device, String variant, Timing t, Double peak) {
        double seconds = t.medianSeconds();
        double value = c.unit().equals(KernelCase.GFLOPS)
                ? Throughput.gflops(c.workPerCall(), seconds)
                : Throughput.gbPerSecond(c.workPerCall(), seconds);
        double percent = peak == null ? Double.NaN : Throughput.percentOf(value, peak);
        return new Result(c.benchmark(), c.size(), device, variant, seconds, value, c.unit(), percent, t.spread());
    }

    /** Sorts results into the plan's order (stable: devices and variants keep their order within a case). */
    public static List<Result> inPlanOrder(List<Result> results, List<KernelCase> plan) {
        List<String> order = new ArrayList<>();
        for (KernelCase c : plan) order.add(c.benchmark() + "\u0000" + c.size());
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(r -> {
            int i = order.indexOf(r.benchmark() + "\u0000" + r.size());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return sorted;
    }

    private void fail(String device, String what, Throwable e) {
        String line = device + " " + what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
        failures.add(line);
        progress.accept("FAILED " + line);
    }
}
