package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's probe in a JVM of its own (the JIT, the loaded modules and the log settings start
 * fresh there): this JVM's java, the given flags, this class path. Fails the test when the probe
 * times out or exits with an error.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** The probe's stdout and stderr, one "\n"-ended line each, without the JVM's note about incubator modules. */
    static String run(Class<?> main, List<String> jvmFlags, int timeoutSeconds) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), "probe failed:\n" + out);
        // The JVM's own note about the incubator module is not the probe's.
        return out.lines().filter(l -> !l.contains("Using incubator modules")).map(l -> l + "\n").reduce("", String::concat);
    }
}
