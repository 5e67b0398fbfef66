package dev.dendrite.conformance;

/**
 * How far a device's result may be from the reference's:
 * {@code |actual - expected| <= atol * scale + rtol * |expected|}.
 *
 * <p>{@code atol} is stated for data of unit magnitude; each case passes the {@code scale} of its
 * own data (for a sum of K terms of magnitude at most 1, {@code sqrt(K)}), so one table of
 * tolerances ({@link Tolerances}) serves every shape. NaN matches only NaN, and an infinity only
 * the same infinity.
 */
public record Tolerance(double rtol, double atol) {

    public static final Tolerance EXACT = new Tolerance(0, 0);

    public Tolerance {
        if (rtol < 0 || atol < 0) throw new IllegalArgumentException("tolerance must be >= 0: rtol=" + rtol + " atol=" + atol);
    }

    public boolean isExact() { return rtol == 0 && atol == 0; }

    /** The largest |actual - expected| accepted for this expected value and data scale. */
    public double allowed(double expected, double scale) {
        return atol * scale + rtol * Math.abs(expected);
    }

    public boolean accepts(float expected, float actual, double scale) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) return Float.isNaN(expected) && Float.isNaN(actual);
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) return expected == actual;
        return Math.abs((double) actual - expected) <= allowed(expected, scale);
    }

    /** This tolerance widened by {@code factor}, for a backend that documents why it needs more. */
    public Tolerance times(double factor) { return new Tolerance(rtol * factor, atol * factor); }

    @Override public String toString() {
        return isExact() ? "exact" : "rtol " + rtol + ", atol " + atol;
    }
}
