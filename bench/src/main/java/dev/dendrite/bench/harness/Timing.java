package dev.dendrite.bench.harness;

/**
 * What the harness measured for one body: the seconds per call of each timed repetition, and how
 * many calls each repetition made.
 */
public record Timing(double[] secondsPerCall, int callsPerRep) {
    public double medianSeconds() { return Stats.median(secondsPerCall); }

    public double bestSeconds() { return Stats.min(secondsPerCall); }

    /** About +-this fraction around the median (half the inter-quartile range). */
    public double spread() { return Stats.relativeSpread(secondsPerCall); }

    public int reps() { return secondsPerCall.length; }
}
