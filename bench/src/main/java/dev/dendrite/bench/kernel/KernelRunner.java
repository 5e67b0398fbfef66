package dev.dendrite.bench.kernel;

import dev.dendrite.bench.BenchMain;
import dev.dendrite.bench.harness.Harness;
import dev.dendrite.bench.harness.HarnessSettings;
import dev.dendrite.bench.harness.Throughput;
import dev.dendrite.bench.harness.Timing;
import dev.dendrite.bench.kernel.Problem.Buf;
import dev.dendrite.bench.peak.Peak;
import dev.dendrite.bench.peak.PeakBandwidth;
import dev.dendrite.bench.peak.PeakFlops;
import dev.dendrite.bench.suite.PeakScope;
import dev.dendrite.conformance.Tolerance;
import dev.dendrite.conformance.Tolerances;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Devices;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code ./dendrite kernel NAME [--variant V] [--size S] [--device LIST]}: runs one kernel family,
 * as llm.c's dev/cuda files do. For every variant (or the one named) and every device that has it,
 * the same inputs go to the device and to the {@link ReferenceDevice}; the outputs are compared
 * with the conformance kit's tolerance for the op ({@link Tolerances}); then the call is timed
 * (the bench harness: warm-up, then the median of several repetitions, each ending in a
 * synchronize) and its rate is set beside this machine's measured peak (bench/peak), for the
 * devices that run on the host CPU. {@code ./dendrite kernel --list} lists families and variants.
 *
 * <p>Exit status: 0 when every check passed, 1 when one failed or threw, 2 for a bad command line.
 */
public final class KernelRunner {
    static final String USAGE = """
            Usage: ./dendrite kernel NAME [--variant V] [--size S] [--device LIST] [--no-peak]
                   ./dendrite kernel --list

            Runs kernel family NAME (every variant unless --variant names one) on each available
            device, checks it against the reference device with the conformance kit's tolerance,
            and prints per variant and device: the largest error, the median time per call after
            warm-up, GFLOP/s or GB/s, and the share of this machine's measured peak.

              --variant V     one variant of the family (--list shows them)
              --size S        the problem size, e.g. 1024 or 256x512x128 (--list shows each family's form)
              --device LIST   comma-separated: java, opencl, cuda (default: every device)
              --no-peak       skip measuring the machine's peaks (no % column)
            """;

    private final PrintStream out;
    private final PrintStream err;

    KernelRunner(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new KernelRunner(System.out, System.err).run(args));
    }

    /** The parsed command line. */
    record Options(boolean list, boolean help, String family, String variant, int[] size, List<String> devices, boolean peak) {}

    int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("dendrite kernel: " + e.getMessage());
            return 2;
        }
        if (o.help()) {
            out.print(USAGE);
            return 0;
        }
        if (o.list()) {
            list();
            return 0;
        }
        Family family = Families.byName(o.family());
        List<Variant> variants = new ArrayList<>();
        if (o.variant() == null) {
            variants.addAll(family.variants());
        } else {
            variants.add(family.variant(o.variant()));
        }
        int[] size = o.size() == null ? family.defaultSize() : o.size();
        return runFamily(family, variants, size, o.devices(), o.peak());
    }

    /** Parses and validates the arguments; an unknown family, variant, device or size form throws with the valid names. */
    static Options parse(String[] args) {
        boolean list = false, help = false, peak = true;
        String family = null, variant = null, sizeText = null;
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--list" -> list = true;
                case "--help", "-h" -> help = true;
                case "--no-peak" -> peak = false;
                case "--variant", "--size", "--device" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                        value = args[++i];
                    }
                    if (a.equals("--variant")) variant = value;
                    else if (a.equals("--size")) sizeText = value;
                    else for (String d : value.split(",")) if (!d.isBlank()) devices.add(d.trim());
                }
                default -> {
                    if (a.startsWith("-")) throw new IllegalArgumentException("unknown flag '" + a + "'; flags: --variant, --size, "
                            + "--device, --no-peak, --list, --help");
                    if (family != null) throw new IllegalArgumentException("one family at a time, got '" + family + "' and '" + a + "'");
                    family = a;
                }
            }
        }
        if (help || list) return new Options(list, help, family, variant, null, devices, peak);
        if (family == null) throw new IllegalArgumentException("name a kernel family: " + String.join(", ", Families.names())
                + " (or --list)");
        Family f = Families.byName(family);
        if (f == null) {
            throw new IllegalArgumentException("unknown kernel family '" + family + "'; families: " + String.join(", ", Families.names()));
        }
        if (variant != null && f.variant(variant) == null) {
            throw new IllegalArgumentException("unknown variant '" + variant + "' of " + family + "; variants: "
                    + String.join(", ", f.variantNames()));
        }
        List<String> known = Devices.names();
        for (String d : devices) {
            if (!known.contains(d)) throw new IllegalArgumentException("unknown device '" + d + "'; devices: " + String.join(", ", known));
        }
        int[] size = sizeText == null ? null : parseSize(f, sizeText);
        return new Options(false, false, family, variant, size, devices, peak);
    }

    private static int[] parseSize(Family f, String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("[x,]");
        int[] size = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) size[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size '" + text + "' is not of the form " + f.sizeHelp());
        }
        for (int s : size) if (s < 1) throw new IllegalArgumentException("--size '" + text + "': every number must be at least 1");
        if (!f.takesDims(size.length)) {
            throw new IllegalArgumentException("--size of " + f.name() + " is " + f.sizeHelp() + ", got '" + text + "'");
        }
        return size;
    }

    private void list() {
        out.println("Kernel families (./dendrite kernel NAME [--variant V] [--size S]):");
        for (Family f : Families.all()) {
            out.printf(Locale.ROOT, "%n%-12s %s%n", f.name(), f.about());
            out.printf(Locale.ROOT, "%-12s size %s (default %s)%n", "", f.sizeHelp(), sizeString(f.defaultSize()));
            out.printf(Locale.ROOT, "%-12s variants: %s%n", "", String.join(", ", f.variantNames()));
        }
    }

    static String sizeString(int[] size) {
        StringBuilder b = new StringBuilder();
        for (int s : size) b.append(b.length() == 0 ? "" : "x").append(s);
        return b.toString();
    }

    // ---------------------------------------------------------------- running

    private int runFamily(Family family, List<Variant> variants, int[] size, List<String> wanted, boolean measurePeak) {
        List<BenchMain.DeviceSlot> slots = BenchMain.devices(wanted);
        List<Device> devices = new ArrayList<>();
        for (BenchMain.DeviceSlot s : slots) {
            if (s.device() == null) err.println("dendrite kernel: skipping " + s.name() + ": " + s.skipReason());
            else devices.add(s.device());
        }
        Map<String, Double> peaks = measurePeak && devices.stream().anyMatch(PeakScope::runsOnHostCpu) ? peaks() : Map.of();
        out.println(family.name() + ": " + family.about());
        for (Device d : devices) out.println("  " + d.name() + ": " + d.description());
        peaks.forEach((unit, value) -> out.printf(Locale.ROOT, "  peak measured now: %.1f %s%n", value, unit));

        Harness harness = new Harness(HarnessSettings.quick());
        Map<Function<int[], Problem>, float[][]> expected = new IdentityHashMap<>();
        String lastShape = null;
        int failures = 0;
        try (ReferenceDevice reference = new ReferenceDevice()) {
            for (Variant v : variants) {
                Problem p = v.problem().apply(size);
                if (!p.shape().equals(lastShape)) {
                    out.printf(Locale.ROOT, "%n%s%n", p.shape());
                    out.printf(Locale.ROOT, "%-18s %-7s %10s %-5s %12s %10s %7s%n", "variant", "device", "max error", "check",
                            "median time", p.unit(), "% peak");
                    lastShape = p.shape();
                }
                float[][] want = expected.computeIfAbsent(v.problem(), k -> outputs(reference, p, p.op(), inputs(p)));
                for (Device d : devices) {
                    if (!v.runsOn().test(d)) continue;
                    try {
                        Problem.Op op = v.opOn(d, size, p);
                        Row row = measure(harness, d, p, op, want);
                        Double peak = PeakScope.runsOnHostCpu(d) ? peaks.get(p.unit()) : null;
                        double rate = p.unit().equals(Families.GFLOPS) ? Throughput.gflops(p.work(), row.seconds)
                                : Throughput.gbPerSecond(p.work(), row.seconds);
                        out.printf(Locale.ROOT, "%-18s %-7s %10s %-5s %12s %10.2f %7s%n", v.name(), d.name(),
                                String.format(Locale.ROOT, "%.2e", row.maxError), row.ok ? "ok" : "FAIL", time(row.seconds), rate,
                                peak == null ? "-" : String.format(Locale.ROOT, "%.1f%%", Throughput.percentOf(rate, peak)));
                        if (!row.ok) failures++;
                    } catch (Variant.Unavailable e) {
                        out.printf(Locale.ROOT, "%-18s %-7s not run: %s%n", v.name(), d.name(), e.getMessage());
                    } catch (RuntimeException e) {
                        failures++;
                        out.printf(Locale.ROOT, "%-18s %-7s FAILED: %s%n", v.name(), d.name(), e);
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%nmax error: the largest |device - reference| over the checked outputs; check: within the "
                + "conformance kit's tolerance for the op. Time: median of %d repetitions after a warm-up, each ending in a "
                + "synchronize.%n", HarnessSettings.quick().reps());
        return failures == 0 ? 0 : 1;
    }

    private Map<String, Double> peaks() {
        int threads = Runtime.getRuntime().availableProcessors();
        Map<String, Double> peaks = new HashMap<>();
        err.println("measuring this machine's peaks on " + threads + " threads ...");
        if (PeakFlops.vectorApiPresent()) {
            Peak flops = PeakFlops.measure(threads, 3);
            peaks.put(flops.unit(), flops.value());
        }
        Peak bandwidth = PeakBandwidth.measure(threads, 32 << 20, 3);
        peaks.put(bandwidth.unit(), bandwidth.value());
        return peaks;
    }

    private static String time(double seconds) {
        if (seconds >= 1) return String.format(Locale.ROOT, "%.2f s", seconds);
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.2f ms", seconds * 1e3);
        return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }

    /** One device's result: the largest error, whether the kit's tolerance accepted every element, the median time. */
    private record Row(double maxError, boolean ok, double seconds) {}

    private static Row measure(Harness harness, Device d, Problem p, Problem.Op op, float[][] want) {
        Object[] host = inputs(p);
        DeviceBuffer[] bufs = upload(d, p, host);
        try {
            op.run(d, bufs);
            float[][] got = download(d, p, bufs);
            double maxError = 0;
            boolean ok = true;
            for (int i = 0; i < p.bufs().size(); i++) {
                Buf b = p.bufs().get(i);
                if (b.check() == null) continue;
                Tolerance t = Tolerances.standard(b.check());
                for (int e = 0; e < b.length(); e++) {
                    float x = want[i][e], y = got[i][e];
                    if (!t.accepts(x, y, b.scale())) ok = false;
                    if (!Float.isNaN(x) || !Float.isNaN(y)) maxError = Math.max(maxError, Math.abs((double) y - x));
                }
            }
            Timing timing = harness.time(() -> op.run(d, bufs), d::synchronize);
            return new Row(maxError, ok, timing.medianSeconds());
        } finally {
            d.synchronize();
            for (DeviceBuffer b : bufs) d.release(b);
        }
    }

    /** The host contents of every buffer: float[] or int[], the same for every device (seeded by position). */
    static Object[] inputs(Problem p) {
        Object[] host = new Object[p.bufs().size()];
        for (int i = 0; i < host.length; i++) {
            Buf b = p.bufs().get(i);
            Random r = new Random(1000 + i);
            if (b.dtype() == DType.I32) {
                int[] a = b.preset() != null ? b.preset().apply(r) : new int[b.length()];
                if (b.preset() == null && b.fill() == Problem.Fill.INDEX) for (int e = 0; e < a.length; e++) a[e] = r.nextInt(b.bound());
                host[i] = a;
            } else {
                float[] a = new float[b.length()];
                if (b.fill() == Problem.Fill.UNIFORM) for (int e = 0; e < a.length; e++) a[e] = 2 * r.nextFloat() - 1;
                if (b.fill() == Problem.Fill.POSITIVE) for (int e = 0; e < a.length; e++) a[e] = r.nextFloat();
                if (b.fill() == Problem.Fill.NONE) java.util.Arrays.fill(a, Float.NaN);   // never written shows as NaN
                host[i] = a;
            }
        }
        return host;
    }

    private static DeviceBuffer[] upload(Device d, Problem p, Object[] host) {
        DeviceBuffer[] bufs = new DeviceBuffer[host.length];
        for (int i = 0; i < host.length; i++) {
            Buf b = p.bufs().get(i);
            bufs[i] = d.allocate(b.dtype(), b.length());
            if (host[i] instanceof float[] f) d.upload(f, 0, bufs[i], 0, f.length);
            else d.upload((int[]) host[i], 0, bufs[i], 0, b.length());
        }
        return bufs;
    }

    /** The checked buffers as floats (int outputs converted), null for the others. */
    private static float[][] download(Device d, Problem p, DeviceBuffer[] bufs) {
        float[][] out = new float[bufs.length][];
        for (int i = 0; i < bufs.length; i++) {
            Buf b = p.bufs().get(i);
            if (b.check() == null) continue;
            out[i] = new float[b.length()];
            if (b.dtype() == DType.F32) {
                d.download(bufs[i], 0, out[i], 0, b.length());
            } else {
                int[] ints = new int[b.length()];
                d.download(bufs[i], 0, ints, 0, b.length());
                for (int e = 0; e < ints.length; e++) out[i][e] = ints[e];
            }
        }
        return out;
    }

    /** The reference's outputs for these inputs. */
    private static float[][] outputs(Device reference, Problem p, Problem.Op op, Object[] host) {
        DeviceBuffer[] bufs = upload(reference, p, host);
        try {
            op.run(reference, bufs);
            return download(reference, p, bufs);
        } finally {
            for (DeviceBuffer b : bufs) reference.release(b);
        }
    }
}
