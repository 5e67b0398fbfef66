package dev.dendrite.bench.peak;

/**
 * A measured ceiling of this machine: {@code value} in {@code unit} (GFLOP/s or GB/s), with a
 * one-line description of how it was measured, printed beside every benchmark table.
 */
public record Peak(double value, String unit, String method) {
    public Peak {
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("peak must be positive, got " + value);
    }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "%.1f %s (%s)", value, unit, method);
    }
}
