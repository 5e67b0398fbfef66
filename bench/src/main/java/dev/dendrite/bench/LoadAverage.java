package dev.dendrite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1-minute load average, a hint of how much other work shares the cores (Linux only). */
final class LoadAverage {
    private LoadAverage() {}

    static String read() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
