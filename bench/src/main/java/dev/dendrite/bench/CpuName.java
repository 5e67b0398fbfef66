package dev.dendrite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processor's model name from /proc/cpuinfo (Linux), for the table's header. */
final class CpuName {
    private CpuName() {}

    static String read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown CPU";
    }
}
