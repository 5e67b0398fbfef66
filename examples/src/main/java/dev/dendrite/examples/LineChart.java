package dev.dendrite.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart drawn with Java2D: axes with round-numbered ticks, a light grid, one
 * coloured line with dots per series, and a legend. Used for training curves (loss and accuracy
 * per epoch). Several charts can be written side by side into one PNG:
 *
 * <pre>
 * LineChart loss = new LineChart("loss", "epoch").add("train", epochs, trainLoss).add("test", epochs, testLoss);
 * LineChart acc = new LineChart("accuracy", "epoch").add("train", epochs, trainAcc);
 * LineChart.writePng(Path.of("runs/train/curves.png"), loss, acc);
 * </pre>
 *
 * NaN values are skipped (a gap in the line), so a metric missing for some epochs is fine.
 */
public final class LineChart {
    /** Series colours, in order: blue, orange, green, red, purple (readable for most colour-blind eyes). */
    public static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
    };
    public static final int PANEL_WIDTH = 560;
    public static final int PANEL_HEIGHT = 400;

    private record Series(String name, double[] x, double[] y, Color color) {}

    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** Adds a line through the points (x[i], y[i]). */
    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LineChart.add(" + name + "): " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), PALETTE[series.size() % PALETTE.length]));
        return this;
    }

    /** Writes the charts side by side as one PNG (parent directories are created). */
    public static void writePng(Path file, LineChart... charts) {
        if (charts.length == 0) throw new IllegalArgumentException("LineChart.writePng: no charts");
        BufferedImage image = new BufferedImage(PANEL_WIDTH * charts.length, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.length; i++) charts[i].draw(g, i * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT);
        } finally {
            g.dispose();
        }
        Png.write(image, file);
    }

    /** Draws this chart into the rectangle (left, top, width, height) of g. */
    void draw(Graphics2D g, int left, int top, int width, int height) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();

        // Plot area: room on the left for tick labels, at the bottom for the axis label.
        int px = left + 60, py = top + 36, pw = width - 80, ph = height - 90;

        double[] xr = range(true), yr = range(false);
        double pad = 0.05 * (yr[1] - yr[0]); // keep points off the frame
        yr = new double[] {yr[0] - pad, yr[1] + pad};
        // Epochs are whole numbers: their axis never gets ticks between them.
        double[] xTicks = ticks(xr[0], xr[1], 8, allWholeX() ? 1 : 0), yTicks = ticks(yr[0], yr[1], 6, 0);
        // Widen the axes to the outer ticks so lines never touch the frame's edge mid-way.
        double x0 = Math.min(xr[0], xTicks[0]), x1 = Math.max(xr[1], xTicks[xTicks.length - 1]);
        double y0 = Math.min(yr[0], yTicks[0]), y1 = Math.max(yr[1], yTicks[yTicks.length - 1]);

        g.setFont(font.deriveFont(Font.BOLD, 14f));
        g.setColor(Color.BLACK);
        g.drawString(title, px + (pw - g.getFontMetrics().stringWidth(title)) / 2, top + 22);
        g.setFont(font);

        // Grid and tick labels.
        g.setStroke(new BasicStroke(1f));
        for (double t : yTicks) {
            int y = (int) Math.round(py + ph - (t - y0) / (y1 - y0) * ph);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, y, px + pw, y);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, yTicks);
            g.drawString(s, px - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        for (double t : xTicks) {
            int x = (int) Math.round(px + (t - x0) / (x1 - x0) * pw);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, py, x, py + ph);
            g.setColor(Color.DARK_GRAY);
            String s = label(t, xTicks);
            g.drawString(s, x - fm.stringWidth(s) / 2, py + ph + fm.getAscent() + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(px, py, pw, ph);
        g.drawString(xLabel, px + (pw - fm.stringWidth(xLabel)) / 2, py + ph + 2 * fm.getHeight() + 6);

        // The lines, each with a dot on every point.
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : series) {
            g.setColor(s.color);
            Path2D.Double line = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                    penDown = false;
                    continue;
                }
                double x = px + (s.x[i] - x0) / (x1 - x0) * pw;
                double y = py + ph - (s.y[i] - y0) / (y1 - y0) * ph;
                if (penDown) line.lineTo(x, y);
                else line.moveTo(x, y);
                penDown = true;
                g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 7, 7);
            }
            g.draw(line);
        }

        // Legend in the right-hand corner away from where the lines end (accuracy ends high, loss low).
        int legendHeight = series.size() * (fm.getHeight() + 2);
        int ly = lastValuesHigh(y0, y1) ? py + ph - 8 - legendHeight : py + 8;
        for (Series s : series) {
            int lx = px + pw - 12 - fm.stringWidth(s.name) - 28;
            g.setColor(s.color);
            g.draw(new Line2D.Double(lx, ly + fm.getAscent() / 2.0, lx + 20, ly + fm.getAscent() / 2.0));
            g.setColor(Color.BLACK);
            g.drawString(s.name, lx + 26, ly + fm.getAscent());
            ly += fm.getHeight() + 2;
        }
    }

    /** True when the lines' last points lie, on average, in the upper half of [y0, y1]. */
    private boolean lastValuesHigh(double y0, double y1) {
        double sum = 0;
        int n = 0;
        for (Series s : series) {
            for (int i = s.y.length - 1; i >= 0; i--) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    sum += (s.y[i] - y0) / (y1 - y0);
                    n++;
                    break;
                }
            }
        }
        return n > 0 && sum / n > 0.5;
    }

    /** [min, max] of the finite x (or y) values; a range of width 1 around a lone value. */
    private double[] range(boolean ofX) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
                double v = ofX ? s.x[i] : s.y[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return new double[] {0, 1}; // nothing to draw: an empty frame
        if (lo == hi) return new double[] {lo - 0.5, hi + 0.5};
        return new double[] {lo, hi};
    }

    private boolean allWholeX() {
        for (Series s : series) for (double x : s.x) if (Double.isFinite(x) && x != Math.rint(x)) return false;
        return true;
    }

    /**
     * Round tick values covering [lo, hi]: the step is 1, 2 or 5 times a power of ten, at least
     * {@code minStep}, chosen so that there are at most {@code maxTicks} ticks.
     */
    static double[] ticks(double lo, double hi, int maxTicks, double minStep) {
        double raw = (hi - lo) / Math.max(1, maxTicks - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = Math.max(m * power, minStep);
            if (Math.ceil(hi / step) - Math.floor(lo / step) + 1 <= maxTicks) break;
        }
        long first = (long) Math.floor(lo / step), last = (long) Math.ceil(hi / step);
        double[] t = new double[(int) (last - first + 1)];
        for (int i = 0; i < t.length; i++) t[i] = (first + i) * step;
        return t;
    }

    /** A tick label with just enough decimals to tell neighbouring ticks apart. */
    private static String label(double value, double[] ticks) {
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
