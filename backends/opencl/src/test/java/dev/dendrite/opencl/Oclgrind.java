package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceAssumptions;
import dev.dendrite.kernels.MatmulKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Oclgrind, the OpenCL simulator that checks kernels as a GPU would run them, for the tests.
 *
 * <p>It is made the only OpenCL platform of one test JVM: the {@code oclgrind} execution of
 * surefire in this module's pom sets {@code OCL_ICD_VENDORS} to a directory that this class fills
 * with one {@code .icd} file naming Oclgrind's ICD library (before the JVM's first OpenCL call,
 * which is when the ICD loader reads it), turns its checks on ({@code OCLGRIND_DATA_RACES},
 * {@code OCLGRIND_UNINITIALIZED}, {@code OCLGRIND_CHECK_API}; bounds are always checked) and sends
 * its diagnostics to {@code OCLGRIND_LOG}, which {@link OclgrindLog} reads after each case.
 *
 * <p>Missing simulator: the tests skip with the reason, or fail with {@value #REQUIRE_ENV}=1 (CI).
 */
final class Oclgrind {
    static final String REQUIRE_ENV = "DENDRITE_REQUIRE_OCLGRIND";
    /** Names the ICD library where it is not in one of {@link #ICD_LIBRARIES}. */
    static final String LIBRARY_ENV = "DENDRITE_OCLGRIND_ICD";
    /** Where the Debian/Ubuntu package and a source build put it. */
    private static final List<String> ICD_LIBRARIES = List.of(
            "/usr/lib/oclgrind/liboclgrind-rt-icd.so",
            "/usr/lib/x86_64-linux-gnu/liboclgrind-rt-icd.so",
            "/usr/local/lib/liboclgrind-rt-icd.so");

    private static OpenClDevice shared;

    private Oclgrind() {}

    /** The device the conformance cases run on: the fastest rung for each shape, as users get it. */
    static synchronized OpenClDevice device() {
        if (shared == null) shared = newDevice(null);
        return shared;
    }

    /**
     * A new Oclgrind device (close it) with matmul rung {@code rung} (null: the device's choice).
     * Its buffers have exactly the size of their tensors, so reading one element past a tensor is
     * reading past a buffer, which Oclgrind reports.
     */
    static OpenClDevice newDevice(MatmulKernel rung) {
        DeviceAssumptions.requireOrSkip("Oclgrind", unavailableReason(), REQUIRE_ENV);
        OpenClDevice device = OpenClDevice.exactBuffers("oclgrind", rung);
        if (!device.description().contains("Oclgrind")) {
            throw new IllegalStateException("expected the Oclgrind simulator, got " + device.description());
        }
        return device;
    }

    /** Why Oclgrind cannot run here, or null when it can (after writing the vendors file). */
    private static String unavailableReason() {
        String vendors = System.getenv("OCL_ICD_VENDORS");
        if (vendors == null || System.getenv("OCLGRIND_LOG") == null) {
            return "OCL_ICD_VENDORS and OCLGRIND_LOG are not set: run through Maven (the 'oclgrind' surefire"
                    + " execution of backends/opencl sets them)";
        }
        String library = library();
        if (library == null) {
            return "Oclgrind's ICD library is in none of " + ICD_LIBRARIES + " (apt-get install oclgrind, or set "
                    + LIBRARY_ENV + ")";
        }
        try {
            Path dir = Path.of(vendors);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("oclgrind.icd"), library + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OpenCL vendors file in " + vendors, e);
        }
        return null;
    }

    private static String library() {
        String named = System.getenv(LIBRARY_ENV);
        if (named != null && !named.isBlank()) return Files.isRegularFile(Path.of(named)) ? named : null;
        for (String candidate : ICD_LIBRARIES) {
            if (Files.isRegularFile(Path.of(candidate))) return candidate;
        }
        return null;
    }
}
