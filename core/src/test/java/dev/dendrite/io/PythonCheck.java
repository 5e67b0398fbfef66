package dev.dendrite.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs small python3 scripts for cross-checks; tests skip with {@link #unavailableReason} when python is missing. */
public final class PythonCheck {
    private PythonCheck() {}

    /**
     * DENDRITE_PYTHON when set; else Debian's /usr/bin/python3 (where python3-torch installs
     * torch), because a python3 earlier on the PATH (pyenv, venv) often lacks it; else python3.
     */
    static final String PYTHON = python();

    private static String python() {
        String env = System.getenv("DENDRITE_PYTHON");
        if (env != null && !env.isBlank()) return env;
        return java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Null when {@code python3 -c "import <modules>"} works, else why not. */
    public static String unavailableReason(String... modules) {
        String imports = modules.length == 0 ? "pass" : "import " + String.join(", ", modules);
        try {
            Result r = run(imports, null);
            return r.exitCode == 0 ? null : PYTHON + " cannot " + imports + ": " + r.output.strip();
        } catch (IOException e) {
            return PYTHON + " cannot be run (" + e.getMessage() + ")";
        }
    }

    public record Result(int exitCode, String output) {}

    /** Runs {@code script} with python3 (written to a file in {@code workDir} when given); stdout and stderr together. */
    public static Result run(String script, Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        if (workDir != null) {
            Path file = workDir.resolve("check.py");
            Files.writeString(file, script);
            command.add(file.toString());
        } else {
            command.add("-c");
            command.add(script);
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "python3 timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
