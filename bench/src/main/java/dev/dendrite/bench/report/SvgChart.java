package dev.dendrite.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the figures as a grouped bar chart in plain SVG, written by hand (no library): one panel
 * per unit (GFLOP/s, GB/s), one group of bars per benchmark and size, one bar per device and
 * variant, coloured by that series, with the figure printed above each bar. A dashed line marks
 * the measured peak of the panel's unit when it fits on the axis without squashing the bars.
 */
public final class SvgChart {
    /** Okabe-Ito colours (readable by colour-blind readers), then a few more. */
    static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
            "#F0E442", "#000000", "#999999", "#8C564B", "#17BECF", "#BCBD22"};

    static final int LEFT = 70, RIGHT = 24, BAR = 14, BAR_GAP = 2, GROUP_GAP = 22;
    static final int PANEL_TITLE = 34, PLOT_HEIGHT = 220, LABELS = 120, LEGEND_ROW = 18, MIN_WIDTH = 640;
    /** Average width of a 10-pixel sans-serif character, to estimate how far a label reaches. */
    static final double LABEL_CHAR_WIDTH = 5.6;

    private SvgChart() {}

    /**
     * @param peaks measured peak per unit ("GFLOP/s" -> 180.0); a unit without a peak gets no line
     */
    public static String write(String title, List<Result> results, Map<String, Double> peaks) {
        Map<String, String> colour = seriesColours(results);
        Map<String, List<Result>> panels = new LinkedHashMap<>();
        for (Result r : results) panels.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r);

        int width = MIN_WIDTH;
        for (List<Result> panel : panels.values()) width = Math.max(width, panelWidth(panel));
        List<String[]> legendRows = legendRows(colour, width);
        int top = 40 + legendRows.size() * LEGEND_ROW + 10;
        int panelHeight = PANEL_TITLE + PLOT_HEIGHT + LABELS;
        int height = top + panels.size() * panelHeight + 10;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\">\n", width, height, width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, LEFT, 24, 16, "start", "bold", title);
        legend(svg, legendRows, colour, 40);
        int y = top;
        for (Map.Entry<String, List<Result>> panel : panels.entrySet()) {
            panel(svg, panel.getKey(), panel.getValue(), peaks.get(panel.getKey()), colour, y);
            y += panelHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Each series (device/variant) in order of first appearance, with its colour. */
    static Map<String, String> seriesColours(List<Result> results) {
        Map<String, String> colour = new LinkedHashMap<>();
        for (Result r : results) {
            colour.computeIfAbsent(r.series(), s -> PALETTE[colour.size() % PALETTE.length]);
        }
        return colour;
    }

    static Map<String, List<Result>> groups(List<Result> panel) {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : panel) groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        return groups;
    }

    static int panelWidth(List<Result> panel) {
        int w = LEFT + RIGHT + leadIn(panel);
        for (List<Result> g : groups(panel).values()) w += g.size() * (BAR + BAR_GAP) + GROUP_GAP;
        return w;
    }

    /**
     * Extra room before the first group, so that its slanted label (which runs down and to the
     * left of the group's centre) does not leave the picture.
     */
    static int leadIn(List<Result> panel) {
        Map.Entry<String, List<Result>> first = groups(panel).entrySet().iterator().next();
        double labelReach = first.getKey().length() * LABEL_CHAR_WIDTH * Math.cos(Math.toRadians(35));
        double centre = LEFT + GROUP_GAP / 2.0 + first.getValue().size() * (BAR + BAR_GAP) / 2.0;
        return (int) Math.max(0, Math.ceil(labelReach - centre + 8));
    }

    /** Tick labels with as many decimals as the step needs: 0, 200, 400 or 0.0, 0.5, 1.0. */
    static String tickLabel(double tick, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + decimals + "f", tick);
    }

    /**
     * The axis maximum for a panel: a round number 15% or more above the largest bar (room for its
     * label); stretched to show the peak line when the peak is at most three times the largest bar
     * (beyond that the bars would be too flat to read, and the peak is named in the panel title
     * instead).
     */
    static double axisMax(double largest, double peak) {
        double top = largest;
        if (peak > 0 && peak <= 3 * largest) top = Math.max(top, peak);
        double step = niceStep(top, 5);
        return Math.max(step, step * Math.ceil(top * 1.15 / step));
    }

    /** A tick step of 1, 2 or 5 times a power of ten giving about {@code ticks} ticks up to {@code max}. */
    static double niceStep(double max, int ticks) {
        if (!(max > 0)) return 1;
        double raw = max / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** Height in pixels of a bar of {@code value} on an axis from 0 to {@code axisMax}. */
    static double barHeight(double value, double axisMax) {
        if (!(value > 0)) return 0;
        return Math.min(1, value / axisMax) * PLOT_HEIGHT;
    }

    private static void panel(StringBuilder svg, String unit, List<Result> results, Double peak,
                              Map<String, String> colour, int top) {
        double largest = 0;
        for (Result r : results) if (r.value() > largest) largest = r.value();
        double p = peak == null ? 0 : peak;
        double max = axisMax(largest, p);
        boolean peakShown = p > 0 && p <= max;
        String heading = unit + (p > 0 ? String.format(Locale.ROOT, "  (measured peak %s %s%s)",
                Format.figure(p), unit, peakShown ? ", dashed line" : ", above this axis") : "");
        text(svg, LEFT, top + 18, 13, "start", "bold", heading);

        int plotTop = top + PANEL_TITLE;
        int bottom = plotTop + PLOT_HEIGHT;
        int right = panelWidth(results) - RIGHT;
        double step = niceStep(max, 5);
        for (int i = 0; i * step <= max * 1.0001; i++) {
            double tick = i * step;
            double y = bottom - barHeight(tick, max);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", LEFT, y, right, y));
            text(svg, LEFT - 6, y + 4, 10, "end", "normal", tickLabel(tick, step));
        }
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>\n", LEFT, bottom, right, bottom));
        rotatedText(svg, 18, plotTop + PLOT_HEIGHT / 2.0, 11, "middle", unit);

        double x = LEFT + leadIn(results) + GROUP_GAP / 2.0;
        for (Map.Entry<String, List<Result>> group : groups(results).entrySet()) {
            double groupStart = x;
            for (Result r : group.getValue()) {
                double h = barHeight(r.value(), max);
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s</title></rect>\n",
                        x, bottom - h, BAR, h, colour.get(r.series()),
                        escape(r.series() + ", " + r.group() + ": " + Format.figure(r.value()) + " " + r.unit()
                                + (Double.isNaN(r.percentOfPeak()) ? "" : " (" + Format.percent(r.percentOfPeak())
                                + " of peak)"))));
                rotatedText(svg, x + BAR / 2.0 + 3, bottom - h - 3, 9, "start", Format.figure(r.value()));
                x += BAR + BAR_GAP;
            }
            double centre = (groupStart + x - BAR_GAP) / 2;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" "
                            + "transform=\"rotate(-35 %.1f %d)\">%s</text>\n",
                    centre, bottom + 14, centre, bottom + 14, escape(group.getKey())));
            x += GROUP_GAP;
        }
        if (peakShown) {
            double y = bottom - barHeight(p, max);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"peak\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cc0000\" "
                            + "stroke-dasharray=\"6 4\"/>\n", LEFT, y, right, y));
        }
    }

    /** Splits the legend into rows that fit the chart's width. */
    static List<String[]> legendRows(Map<String, String> colour, int width) {
        List<String[]> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        int used = LEFT;
        for (String series : colour.keySet()) {
            int w = legendItemWidth(series);
            if (!row.isEmpty() && used + w > width - RIGHT) {
                rows.add(row.toArray(new String[0]));
                row.clear();
                used = LEFT;
            }
            row.add(series);
            used += w;
        }
        if (!row.isEmpty()) rows.add(row.toArray(new String[0]));
        return rows;
    }

    private static int legendItemWidth(String series) {
        return 18 + 7 * series.length() + 16;
    }

    private static void legend(StringBuilder svg, List<String[]> rows, Map<String, String> colour, int top) {
        int y = top;
        for (String[] row : rows) {
            int x = LEFT;
            for (String series : row) {
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                        x, y, colour.get(series)));
                text(svg, x + 18, y + 10, 11, "start", "normal", series);
                x += legendItemWidth(series);
            }
            y += LEGEND_ROW;
        }
    }

    private static void text(StringBuilder svg, double x, double y, int size, String anchor, String weight, String s) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>\n",
                x, y, size, anchor, weight, escape(s)));
    }

    private static void rotatedText(StringBuilder svg, double x, double y, int size, String anchor, String s) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" transform=\"rotate(-90 %.1f %.1f)\">"
                        + "%s</text>\n", x, y, size, anchor, x, y, escape(s)));
    }

    /** The five characters XML gives a meaning to. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
