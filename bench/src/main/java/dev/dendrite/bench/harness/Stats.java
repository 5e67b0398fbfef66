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
     * The {@code q}-quantile (0 to 1) with linear interpolation between the sorted samples, as
     * numpy's default does: the median is quantile 0.5.
     */
    public static double quantile(double[] samples, double q) {
        requireSamples(samples);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Half the inter-quartile range as a fraction of the median: a noise indicator for a table
     * (0.05 reads "about +-5%") that one stray repetition (a GC pause, a neighbour's burst on a
     * shared core) does not blow up the way the min-max range does.
     */
    public static double relativeSpread(double[] samples) {
        double median = median(samples);
        return median == 0 ? 0 : (quantile(samples, 0.75) - quantile(samples, 0.25)) / 2 / median;
    }

    private static void requireSamples(double[] samples) {
        if (samples == null || samples.length == 0) throw new IllegalArgumentException("no samples");
    }
}
