package dev.dendrite.examples;

import java.util.Locale;

/**
 * Counts how often each true class was predicted as each class: row = truth, column = prediction.
 * The diagonal holds the correct answers; a large number off the diagonal shows which two classes
 * the model confuses (on Fashion-MNIST: shirts with T-shirts, pullovers and coats).
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) throw new IllegalArgumentException("ConfusionMatrix: need at least one class, got " + classes);
        this.classes = classes;
        this.counts = new long[classes][classes];
    }

    /** Adds one batch: {@code truth[i]} was predicted as {@code predicted[i]}. */
    public void add(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix.add: " + truth.length + " labels but "
                    + predicted.length + " predictions");
        }
        for (int i = 0; i < truth.length; i++) { // check all first: a bad batch adds nothing
            checkClass("label", i, truth[i]);
            checkClass("prediction", i, predicted[i]);
        }
        for (int i = 0; i < truth.length; i++) counts[truth[i]][predicted[i]]++;
    }

    private void checkClass(String what, int index, int c) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("ConfusionMatrix.add: " + what + " " + index + " is " + c
                    + ", expected a class in [0, " + classes + ")");
        }
    }

    public int classes() {
        return classes;
    }

    /** How many examples of class {@code truth} were predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    /** Fraction predicted correctly (0 when empty). */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < classes; c++) right += counts[c][c];
        long n = total();
        return n == 0 ? 0 : (double) right / n;
    }

    /** Of the examples whose truth is {@code c}, the fraction predicted as {@code c} (0 when none). */
    public double recall(int c) {
        long row = 0;
        for (long v : counts[c]) row += v;
        return row == 0 ? 0 : (double) counts[c][c] / row;
    }

    /** Of the examples predicted as {@code c}, the fraction whose truth is {@code c} (0 when none). */
    public double precision(int c) {
        long column = 0;
        for (long[] row : counts) column += row[c];
        return column == 0 ? 0 : (double) counts[c][c] / column;
    }

    /**
     * A table for the console: one row per true class, one column per predicted class (headed by
     * the class number), and each class's recall at the end of its row.
     */
    public String format(String[] names) {
        if (names.length != classes) {
            throw new IllegalArgumentException("ConfusionMatrix.format: " + names.length + " names for " + classes + " classes");
        }
        int nameWidth = "truth \\ predicted".length();
        for (String n : names) nameWidth = Math.max(nameWidth, n.length() + 4);
        int cell = 2;
        for (long[] row : counts) for (long c : row) cell = Math.max(cell, Long.toString(c).length());
        cell += 1;

        StringBuilder sb = new StringBuilder();
        sb.append(pad("truth \\ predicted", nameWidth));
        for (int p = 0; p < classes; p++) sb.append(leftPad(Integer.toString(p), cell));
        sb.append("   recall\n");
        for (int t = 0; t < classes; t++) {
            sb.append(pad(String.format(Locale.ROOT, "%d %s", t, names[t]), nameWidth));
            for (int p = 0; p < classes; p++) sb.append(leftPad(Long.toString(counts[t][p]), cell));
            sb.append(String.format(Locale.ROOT, "   %5.1f%%%n", 100 * recall(t)));
        }
        sb.append(String.format(Locale.ROOT, "accuracy %.2f%% of %d", 100 * accuracy(), total()));
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
