package dev.dendrite.bench.report;

import java.util.Locale;

/** Number formatting shared by the table writers: short, readable, locale-independent. */
final class Format {
    private Format() {}

    /** Three significant figures or so: 536, 42.7, 3.14, 0.052. */
    static String figure(double v) {
        if (Double.isNaN(v)) return "-";
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A duration with a unit that keeps the number readable: 850 us, 12.4 ms, 3.20 s. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "-";
        if (seconds >= 1) return figure(seconds) + " s";
        if (seconds >= 1e-3) return figure(seconds * 1e3) + " ms";
        return figure(seconds * 1e6) + " us";
    }

    static String percent(double p) {
        return Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    static String spread(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "+-%.0f%%", 100 * s);
    }
}
