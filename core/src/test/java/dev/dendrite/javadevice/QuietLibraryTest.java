package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A library prints nothing by default: a program that gets the java device, multiplies and trains
 * a step writes nothing to stdout or stderr; without the Vector API module it writes exactly one
 * WARNING saying how to add it. Each case runs in a fresh JVM, since the log is once per JVM.
 */
class QuietLibraryTest {

    /** The program the child JVM runs. */
    public static final class Probe {
        public static void main(String[] args) {
            dev.dendrite.device.Device d = dev.dendrite.device.Devices.get("java");
            new JavaDevice();  // a second device must not log again
            try (var scope = dev.dendrite.tensor.Scope.open()) {
                var a = dev.dendrite.tensor.Tensor.randn(1, 64, 64).to(d);
                a.matmul(a).sum().item();
            }
        }
    }

    @Test
    void silentWithTheVectorModule() throws Exception {
        String out = run(true, true);
        assertEquals("", out, "the library printed by default");
    }

    @Test
    void oneAdviceWithoutTheTrapLimitBeforeJava25() throws Exception {
        String out = run(true, false);
        long advice = out.lines().filter(l -> l.contains(JavaDevice.TRAP_LIMIT_FLAG)).count();
        assertEquals(Runtime.version().feature() < 25 ? 1 : 0, advice, "expected the JIT advice once before Java 25, got:\n" + out);
    }

    @Test
    void oneWarningWithoutTheVectorModule() throws Exception {
        String out = run(false, true);
        long warnings = out.lines().filter(l -> l.contains(MicroKernels.MISSING_VECTOR_MODULE)).count();
        assertEquals(1, warnings, "expected the missing-module warning once, got:\n" + out);
        assertTrue(out.contains("WARNING"), out);
        assertEquals(2, out.lines().count(), "JUL prints a source line and the message, nothing else:\n" + out);
    }

    private static String run(boolean vector, boolean trapLimit) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vector) cmd.add("--add-modules=jdk.incubator.vector");
        if (trapLimit) cmd.add(JavaDevice.TRAP_LIMIT_FLAG);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), "probe failed:\n" + out);
        // The JVM's own note about the incubator module is not ours.
        return out.lines().filter(l -> !l.contains("Using incubator modules")).map(l -> l + "\n").reduce("", String::concat);
    }
}
