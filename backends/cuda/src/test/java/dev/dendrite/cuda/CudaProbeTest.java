package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Devices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean absence: on a machine without the NVIDIA driver (this one) the CUDA device says why in
 * one line, "auto" passes over it, and nothing throws, prints or crashes. On a GPU machine the
 * same tests check the available side.
 */
class CudaProbeTest {

    @Test
    void verdictIsOneLine() {
        String reason = CudaProbe.unavailableReason();
        String summary = CudaProbe.summary();
        assertFalse(summary.contains("\n"), summary);
        if (reason != null) {
            assertTrue(reason.startsWith("CUDA unavailable: "), reason);
            assertEquals(reason, summary);
        } else {
            assertTrue(summary.startsWith("CUDA available: "), summary);
        }
    }

    @Test
    void registryAgreesWithTheProbe() {
        String reason = CudaProbe.unavailableReason();
        assertTrue(Devices.names().contains("cuda"), "the cuda provider is registered: " + Devices.names());
        assertEquals(reason, Devices.unavailableReason("cuda"));
        assertEquals(reason == null, Devices.isAvailable("cuda"));
        if (reason != null) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.get("cuda"));
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            assertNotEquals("cuda", Devices.get("auto").name(), "auto must pass over an unavailable cuda device");
        }
    }

    /** A fresh JVM, where JCuda's static initializers run for the first time: one line, no stack trace. */
    @Test
    void freshJvmPrintsOnlyTheVerdict(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + dir, "-cp",
                System.getProperty("java.class.path"), CudaProbe.class.getName()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(List.of(CudaProbe.summary()), lines);
        assertEquals("", stderr, "the probe must not print to stderr");
        assertEquals(CudaProbe.unavailableReason() == null ? 0 : 1, p.exitValue(), "exit status");
    }

    @Test
    void missingLibraryIsNamed() {
        String jcudaStyle = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "---(start of nested stack traces)---\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: "
                + "libcuda.so.1: cannot open shared object file: No such file or directory\n\tat somewhere";
        assertEquals("libcuda.so.1 not found", CudaProbe.describeLinkageError(new UnsatisfiedLinkError(jcudaStyle)));
        assertEquals("libnvrtc.so.12 not found", CudaProbe.describeLinkageError(new UnsatisfiedLinkError(
                "x.so: libnvrtc.so.12: cannot open shared object file: No such file or directory")));
        assertEquals("JCuda is not on the class path",
                CudaProbe.describeLinkageError(new NoClassDefFoundError("jcuda/driver/JCudaDriver")));
        assertEquals("NoClassDefFoundError: Could not initialize class jcuda.driver.JCudaDriver",
                CudaProbe.describeLinkageError(new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver")));
    }

    @Test
    void versionsAreDecoded() {
        assertEquals("12.6", CudaProbe.version(12060));
        assertEquals("11.8", CudaProbe.version(11080));
        assertEquals("H100", CudaProbe.cString(new byte[] {'H', '1', '0', '0', 0, 'x'}));
    }

}
