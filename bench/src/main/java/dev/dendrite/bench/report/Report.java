package dev.dendrite.bench.report;

import java.util.List;

/**
 * A finished benchmark run: a title, the lines that say where and how it ran (machine, measured
 * peaks, each device's description, devices skipped and why), and the figures.
 */
public record Report(String title, List<String> context, List<Result> results, List<String> notes) {
    public Report {
        context = List.copyOf(context);
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }
}
