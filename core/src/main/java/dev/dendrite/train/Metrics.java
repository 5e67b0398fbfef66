package dev.dendrite.train;

import java.util.List;
import java.util.Locale;

/** Classification figures computed on the host from predicted and true labels. */
public final class Metrics {
    private Metrics() {}

    /** Fraction of positions where {@code predicted[i] == actual[i]}. */
    public static double accuracy(int[] predicted, int[] actual) {
        check(predicted, actual);
        int hits = 0;
        for (int i = 0; i < actual.length; i++) if (predicted[i] == actual[i]) hits++;
        return actual.length == 0 ? Double.NaN : (double) hits / actual.length;
    }

    /** {@code m[trueClass][predictedClass]} = number of examples. */
    public static int[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
        check(predicted, actual);
        int[][] m = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("confusionMatrix: example " + i + " has label " + actual[i]
                        + " / prediction " + predicted[i] + ", outside [0, " + classes + ")");
            }
            m[actual[i]][predicted[i]]++;
        }
        return m;
    }

    /** The matrix as a text table, rows = true class, columns = predicted class. */
    public static String format(int[][] matrix, List<String> names) {
        int classes = matrix.length;
        int labelWidth = 0;
        for (String n : names) labelWidth = Math.max(labelWidth, n.length());
        int cell = 5;
        for (int[] row : matrix) for (int v : row) cell = Math.max(cell, Integer.toString(v).length() + 1);
        StringBuilder sb = new StringBuilder(" ".repeat(labelWidth)).append("  predicted\n");
        sb.append(" ".repeat(labelWidth));
        for (int c = 0; c < classes; c++) sb.append(String.format(Locale.ROOT, "%" + cell + "d", c));
        sb.append('\n');
        for (int r = 0; r < classes; r++) {
            sb.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", r < names.size() ? names.get(r) : Integer.toString(r)));
            for (int c = 0; c < classes; c++) sb.append(String.format(Locale.ROOT, "%" + cell + "d", matrix[r][c]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void check(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("metrics: " + predicted.length + " predictions for " + actual.length + " labels");
        }
    }
}
