package dev.dendrite.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A command-line tool found on the PATH (nvcc, ptxas), run with its output captured. */
record Tool(Path executable) {

    record Result(int exitCode, String output) {
        boolean ok() { return exitCode == 0; }
    }

    static Optional<Tool> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(new Tool(candidate));
        }
        return Optional.empty();
    }

    /** Runs the tool with these arguments in {@code dir}; stdout and stderr together. */
    Result run(Path dir, List<String> args, long timeoutSeconds) {
        List<String> command = new java.util.ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            Path log = Files.createTempFile(dir, executable.getFileName().toString(), ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": timed out after " + timeoutSeconds + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", command) + ": interrupted");
        }
    }
}
