package dev.dendrite.bench.harness;

import java.util.Arrays;

/** Order statistics of a handful of timing samples. */
public final class Stats {
    private Stats() {}

    /** The median: the middle sample, or the mean of the two middle ones for an even count. */
    public static double median(double[] samples) {
        requireSamples(samples);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double min(double[] samples) {
        requireSamples(samples);
        return Arrays.stream(samples).min().getAsDouble();
    }

    public static double max(double[] samples) {
        requireSamples(samples);
        return Arrays.stream(samples).max().getAsDouble();
    }

    /**
     * Half the spread between the fastest and the slowest sample, as a fraction of the median:
     * a quick, robust-enough noise indicator for a table (0.05 means "about +-5%").
     */
    public static double relativeSpread(double[] samples) {
        double median = median(samples);
        return median == 0 ? 0 : (max(samples) - min(samples)) / 2 / median;
    }

    private static void requireSamples(double[] samples) {
        if (samples == null || samples.length == 0) throw new IllegalArgumentException("no samples");
    }
}
