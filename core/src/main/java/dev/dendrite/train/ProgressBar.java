package dev.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how an epoch is going:
 * <pre>
 * epoch 3/10  234/469 [=========>          ] loss 0.3121 acc 0.8875 5120 img/s ETA 0:04
 * </pre>
 * On a terminal the line redraws in place (carriage return) a few times a second; otherwise (output
 * piped to a file or a CI log) it prints a plain line at most at every tenth of the epoch and at
 * most once every few seconds, so logs stay short; short epochs print only their summary.
 */
public final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 150_000_000L;
    private static final long PLAIN_LINE_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final long plainLineNanos;
    private int epoch;
    private int epochs;
    private int batches;
    private long startNanos;
    private long lastDrawNanos;
    private int lastPlainTenth;
    private int lastLength;
    private String unit = "img/s";
    private double perExample = 1;

    /** @param interactive redraw one line in place (a terminal) rather than print plain lines */
    public ProgressBar(PrintStream out, boolean interactive) {
        this(out, interactive, PLAIN_LINE_NANOS);
    }

    ProgressBar(PrintStream out, boolean interactive, long plainLineNanos) {
        this.out = out;
        this.interactive = interactive;
        this.plainLineNanos = plainLineNanos;
    }

    /**
     * What the speed counts: {@code perExample} units of {@code unit} for each example ("img/s" and
     * 1 by default; a language model on windows of 64 characters shows "char/s" and 64).
     */
    public ProgressBar rate(String unit, double perExample) {
        this.unit = unit;
        this.perExample = perExample;
        return this;
    }

    /** To standard output, interactive when there is a console. */
    public static ProgressBar console() {
        return new ProgressBar(System.out, System.console() != null);
    }

    public void startEpoch(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = startNanos;
        this.lastPlainTenth = 0;
        this.lastLength = 0;
    }

    /**
     * True when a redraw is due after {@code done} batches: callers read the (device-side)
     * running loss only then, so the progress bar costs one host round trip per redraw, not per batch.
     */
    public boolean due(int done) {
        long since = System.nanoTime() - lastDrawNanos;
        if (interactive) return done >= batches || since >= REDRAW_NANOS;
        return done < batches && done * 10 / Math.max(batches, 1) > lastPlainTenth && since >= plainLineNanos;
    }

    /** Draws the state after {@code done} batches and {@code examples} examples. */
    public void update(int done, long examples, double loss, double accuracy) {
        long now = System.nanoTime();
        lastDrawNanos = now;
        double seconds = (now - startNanos) / 1e9;
        double perSecond = seconds > 0 ? examples * perExample / seconds : 0;
        double eta = done > 0 ? seconds / done * (batches - done) : Double.NaN;
        String line = line(done, loss, accuracy, perSecond, eta);
        if (interactive) {
            StringBuilder sb = new StringBuilder("\r").append(line);
            for (int i = line.length(); i < lastLength; i++) sb.append(' ');
            lastLength = line.length();
            out.print(sb);
            out.flush();
        } else {
            lastPlainTenth = done * 10 / Math.max(batches, 1);
            out.println(line);
        }
    }

    /** Ends the epoch's line and prints the epoch summary. */
    public void endEpoch(EpochMetrics m) {
        if (interactive) out.println();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %.1fs  loss %.4f", m.epoch() + 1, epochs,
                m.seconds(), m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) sb.append(String.format(Locale.ROOT, "  acc %.4f", m.trainAccuracy()));
        if (!Double.isNaN(m.valLoss())) sb.append(String.format(Locale.ROOT, "  val_loss %.4f", m.valLoss()));
        if (!Double.isNaN(m.valAccuracy())) sb.append(String.format(Locale.ROOT, "  val_acc %.4f", m.valAccuracy()));
        sb.append(String.format(Locale.ROOT, "  %.0f %s  lr %.3g", m.examplesPerSecond() * perExample, unit, m.lr()));
        out.println(sb);
        out.flush();
    }

    public void message(String text) {
        out.println(text);
        out.flush();
    }

    String line(int done, double loss, double accuracy, double perSecond, double etaSeconds) {
        int filled = batches > 0 ? (int) ((long) done * WIDTH / batches) : WIDTH;
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < WIDTH; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        String counter = String.format(Locale.ROOT, "%" + Integer.toString(batches).length() + "d/%d", done, batches);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %s [%s] loss %.4f",
                epoch + 1, epochs, counter, bar, loss));
        if (!Double.isNaN(accuracy)) sb.append(String.format(Locale.ROOT, " acc %.4f", accuracy));
        sb.append(String.format(Locale.ROOT, " %.0f %s ETA %s", perSecond, unit, clock(etaSeconds)));
        return sb.toString();
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
