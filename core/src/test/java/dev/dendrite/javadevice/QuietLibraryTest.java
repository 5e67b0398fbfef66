package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
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

    private static String run(boolean vector, boolean trapLimit) throws Exception {
        List<String> flags = new ArrayList<>();
        if (vector) flags.add("--add-modules=jdk.incubator.vector");
        if (trapLimit) flags.add(JavaDevice.TRAP_LIMIT_FLAG);
        return ChildJvm.run(Probe.class, flags, 60);
    }
}
