package dev.dendrite.bench.report;

/**
 * One measured figure: one benchmark at one size, run by one variant (kernel rung or code path)
 * on one device.
 *
 * @param benchmark      what was run: "sgemm", "add", "conv2d 1->32 fwd", ...
 * @param size           its problem size, as a reader would write it: "n=512", "16M floats", ...
 * @param device         the device's short name ({@code Device.name()})
 * @param variant        the kernel rung or code path ("tiled", "vector"), or "" when the device has one
 * @param seconds        median seconds per call
 * @param value          the figure, in {@code unit}
 * @param unit           "GFLOP/s" or "GB/s"
 * @param percentOfPeak  {@code value} as a percentage of this machine's measured peak in that
 *                       unit; NaN when that peak does not apply (a GPU device)
 * @param spread         about +-this fraction around the median (noise indicator)
 */
public record Result(String benchmark, String size, String device, String variant,
                     double seconds, double value, String unit, double percentOfPeak, double spread) {

    /** A row for a variant that could not run here: no figures, and the reason after its name. */
    public static Result notRun(String benchmark, String size, String device, String variant, String unit, String reason) {
        return new Result(benchmark, size, device, variant + " (not run: " + reason + ")",
                Double.NaN, Double.NaN, unit, Double.NaN, Double.NaN);
    }

    /** Device and variant as one label, "opencl/tiled" or just "java". */
    public String series() {
        return variant.isEmpty() ? device : device + "/" + variant;
    }

    /** Benchmark and size as one label, "sgemm n=512". */
    public String group() {
        return size.isEmpty() ? benchmark : benchmark + " " + size;
    }
}
