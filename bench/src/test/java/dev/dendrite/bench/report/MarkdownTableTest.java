package dev.dendrite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
    static Result sgemm(String device, String variant, double gflops, double percent) {
        return new Result("sgemm", "n=512", device, variant, 0.0125, gflops, "GFLOP/s", percent, 0.04);
    }

    @Test void oneRowPerResultWithEveryColumn() {
        String table = MarkdownTable.table(List.of(sgemm("java", "vector", 92.4, 51.3), sgemm("opencl", "tiled", 8.21, 4.6)));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length);   // header, alignment, two rows
        for (String line : lines) {
            assertEquals(MarkdownTable.HEADER.length + 1, line.chars().filter(c -> c == '|').count(), line);
        }
        assertTrue(lines[2].contains("java") && lines[2].contains("vector") && lines[2].contains("92.4"));
        assertTrue(lines[2].contains("12.5 ms") && lines[2].contains("51.3%") && lines[2].contains("+-4%"));
        assertTrue(lines[3].contains("8.21") && lines[3].contains("4.6%"));
    }

    @Test void columnsLineUp() {
        String[] lines = MarkdownTable.table(List.of(sgemm("java", "", 1234.5, Double.NaN), sgemm("opencl", "naive", 0.5, 0.1)))
                .split("\n");
        for (String line : lines) assertEquals(lines[0].length(), line.length(), line);
    }

    @Test void missingPeakPrintsADash() {
        String row = MarkdownTable.table(List.of(sgemm("cuda", "", 1000, Double.NaN))).split("\n")[2];
        assertTrue(row.contains("| - |") || row.matches(".*\\|\\s+-\\s+\\|.*"), row);
    }

    @Test void aVariantThatCouldNotRunSaysWhyInPlaceOfFigures() {
        Result r = Result.notRun("sgemm", "n=1024", "opencl", "clblast", "GFLOP/s", "CLBlast did not load: no libclblast");
        String[] cells = MarkdownTable.cells(r);
        assertEquals("clblast (not run: CLBlast did not load: no libclblast)", cells[3]);
        assertEquals(List.of("-", "-", "GFLOP/s", "-", "-"), List.of(cells).subList(4, 9));   // no time, figure, share or spread
    }

    @Test void aPipeInANameIsEscaped() {
        String row = MarkdownTable.table(List.of(new Result("a|b", "", "java", "", 1, 1, "GB/s", 1, 0))).split("\n")[2];
        assertTrue(row.contains("a\\|b"), row);
    }

    @Test void reportHasTitleContextTableAndNotes() {
        Report report = new Report("Dendrite benchmarks", List.of("peak: 330 GFLOP/s"),
                List.of(sgemm("java", "vector", 92.4, 28)), List.of("Noisy machine."));
        String md = MarkdownTable.write(report);
        assertTrue(md.startsWith("# Dendrite benchmarks\n\n- peak: 330 GFLOP/s\n\n| benchmark"), md);
        assertTrue(md.trim().endsWith("Noisy machine."), md);
    }

    @Test void figuresKeepAboutThreeSignificantDigits() {
        assertEquals("536", Format.figure(536.2));
        assertEquals("42.7", Format.figure(42.71));
        assertEquals("3.14", Format.figure(3.14159));
        assertEquals("0.052", Format.figure(0.0521));
        assertEquals("850 us", Format.duration(850e-6));
        assertEquals("12.4 ms", Format.duration(0.0124));
        assertEquals("3.20 s", Format.duration(3.2));
    }
}
