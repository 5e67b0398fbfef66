package dev.dendrite.bench.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Devices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ./dendrite kernel}: the list, one family end to end on small sizes, and bad names. */
class KernelRunnerTest {

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = new KernelRunner(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test void listNamesEveryFamilyAndVariant() {
        Run r = run("--list");
        assertEquals(0, r.status(), r.err());
        for (String family : new String[] {"matmul", "softmax", "reduce", "conv2d", "maxpool", "elementwise", "adam"}) {
            assertTrue(r.out().contains("\n" + family + " "), "--list lacks " + family + ":\n" + r.out());
        }
        for (Family f : Families.all()) {
            assertTrue(r.out().contains("variants: " + String.join(", ", f.variantNames())), f.name());
        }
        assertTrue(r.out().contains("naive, tiled, regblock, wide, simd, vector, clblast"), r.out());
        assertTrue(r.out().contains("unary-strided, unary-contig, unary-vector"), r.out());
    }

    @Test void softmaxRunsAndPassesOnTheJavaDevice() {
        Run r = run("softmax", "--size", "8x33", "--device", "java", "--no-peak");
        assertEquals(0, r.status(), r.out() + r.err());
        for (String variant : new String[] {"rows", "rows-log", "cols"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(variant + " ") && l.contains(" java ") && l.contains(" ok ")),
                    variant + " on java:\n" + r.out());
        }
        assertFalse(r.out().contains("FAIL"), r.out());
    }

    @Test void everyFamilyRunsAtATinySizeOnTheJavaDevice() {
        for (Family f : Families.all()) {
            int[] size = new int[f.dims()[0]];
            java.util.Arrays.fill(size, f.name().equals("conv2d") || f.name().contains("pool") ? 6 : 5);
            Run r = run(f.name(), "--size", KernelRunner.sizeString(size), "--device", "java", "--no-peak");
            assertEquals(0, r.status(), f.name() + ":\n" + r.out() + r.err());
        }
    }

    @Test void theElementwiseRungsPassOnOpenCl() {
        Assumptions.assumeTrue(Devices.isAvailable("opencl"), "OpenCL is not available here");
        for (String v : new String[] {"binary-strided", "binary-contig", "binary-vector", "unary-vector"}) {
            Run r = run("elementwise", "--variant", v, "--size", "1027", "--device", "opencl", "--no-peak");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(v + " ") && l.contains(" opencl ") && l.contains(" ok ")), r.out());
        }
    }

    @Test void anUnknownFamilyIsOneLineWithTheFamilies() {
        Run r = run("matmull");
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown kernel family 'matmull'") && r.err().contains("matmul, softmax, reduce"), r.err());
    }

    @Test void anUnknownVariantIsOneLineWithTheVariants() {
        Run r = run("matmul", "--variant", "fastest");
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown variant 'fastest' of matmul; variants: device, naive, tiled"), r.err());
    }

    @Test void badSizesAndDevicesAreRefused() {
        assertEquals(2, run("matmul", "--size", "12x12").status());
        assertEquals(2, run("matmul", "--size", "big").status());
        assertEquals(2, run("softmax", "--device", "tpu").status());
        assertEquals(2, run().status());
        assertEquals(2, run("softmax", "--frobnicate").status());
    }
}
