package dev.dendrite.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the per-kernel ptxas figures as a Markdown table (target/ptxas-report.md). */
final class PtxasReport {
    private PtxasReport() {}

    static void write(Path file, String header, List<PtxasFigures> figures) {
        StringBuilder md = new StringBuilder();
        md.append("# ptxas report: the Dendrite kernels compiled for CUDA\n\n").append(header).append("\n\n");
        if (!figures.isEmpty()) {
            int maxRegisters = figures.stream().mapToInt(PtxasFigures::registers).max().orElse(0);
            long spilling = figures.stream().filter(f -> f.spillStoreBytes() + f.spillLoadBytes() > 0).count();
            long f64 = figures.stream().filter(f -> f.f64Instructions() > 0).count();
            md.append(String.format("%d kernel builds; at most %d registers per thread; %d with spills; "
                    + "%d with double-precision instructions.%n%n", figures.size(), maxRegisters, spilling, f64));
            md.append("| file | kernel | arch | registers | shared mem (B) | barriers | stack (B) | spill stores (B) | spill loads (B) | f64 instr. |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (PtxasFigures f : figures) {
                md.append(String.format("| %s | %s | %s | %d | %d | %d | %d | %d | %d | %d |%n", f.file(), f.kernel(), f.arch(),
                        f.registers(), f.sharedBytes(), f.barriers(), f.stackBytes(), f.spillStoreBytes(),
                        f.spillLoadBytes(), f.f64Instructions()));
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
