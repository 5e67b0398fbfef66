package dev.dendrite.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Report} as Markdown: a title, the context lines as a bullet list, one table
 * row per figure, then the notes. Columns are padded so the same text reads well in a terminal.
 */
public final class MarkdownTable {
    static final String[] HEADER = {"benchmark", "size", "device", "variant", "median time", "figure", "unit",
            "% of peak", "spread"};

    private MarkdownTable() {}

    public static String write(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(report.title()).append("\n\n");
        for (String line : report.context()) out.append("- ").append(line).append('\n');
        if (!report.context().isEmpty()) out.append('\n');
        out.append(table(report.results()));
        if (!report.notes().isEmpty()) {
            out.append('\n');
            for (String note : report.notes()) out.append(note).append("\n\n");
        }
        return out.toString();
    }

    /** Only the table (header, alignment row, one row per result). */
    public static String table(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Result r : results) rows.add(cells(r));
        int[] width = new int[HEADER.length];
        for (String[] row : rows) for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        // Numbers read best right-aligned; the first four columns are names.
        boolean[] right = {false, false, false, false, true, true, false, true, true};
        StringBuilder out = new StringBuilder();
        line(out, rows.get(0), width, right);
        out.append('|');
        for (int c = 0; c < width.length; c++) {
            out.append(right[c] ? "-".repeat(width[c] + 1) + ":" : ":" + "-".repeat(width[c] + 1)).append('|');
        }
        out.append('\n');
        for (int i = 1; i < rows.size(); i++) line(out, rows.get(i), width, right);
        return out.toString();
    }

    static String[] cells(Result r) {
        return new String[] {escape(r.benchmark()), escape(r.size()), escape(r.device()), escape(r.variant()),
                Format.duration(r.seconds()), Format.figure(r.value()), r.unit(),
                Format.percent(r.percentOfPeak()), Format.spread(r.spread())};
    }

    /** A pipe inside a cell would end the cell. */
    static String escape(String s) {
        return s.replace("|", "\\|");
    }

    private static void line(StringBuilder out, String[] cells, int[] width, boolean[] right) {
        out.append('|');
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            out.append(' ').append(right[c] ? pad + cells[c] : cells[c] + pad).append(" |");
        }
        out.append('\n');
    }
}
