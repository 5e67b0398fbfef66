package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.conformance.DeviceAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jcuda.nvrtc.JNvrtc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel file compiled by NVRTC exactly as {@link CudaDevice} compiles it at run time
 * ({@link NvrtcCompiler}: the same prelude, the same options), for sm_80 (A100) and sm_90 (H100),
 * with no error and no warning. The nvcc check proves the source is CUDA; this proves the
 * compiler the device really uses, NVRTC 12.6 inside the JVM, accepts it too.
 *
 * <p>NVRTC needs no GPU and no driver, only libnvrtc.so.12 and libnvrtc-builtins.so.12.6. No
 * Debian package has them, so {@code .ci/nvrtc.sh} extracts them into {@link #LIB_DIR}, and this
 * test loads them from there before JCuda loads its NVRTC binding (whose JNI library asks the
 * dynamic linker for libnvrtc.so.12, and finds the one already loaded). A CUDA 12 toolkit on
 * LD_LIBRARY_PATH works as well. Without either the test skips, unless DENDRITE_REQUIRE_NVRTC=1.
 *
 * <p>Each file is compiled twice per architecture: to a cubin (what a GPU NVRTC knows gets) and
 * to PTX (what a newer GPU gets); where ptxas is on the PATH, the PTX is assembled too.
 */
class NvrtcRuntimeCompileTest {
    static final String REQUIRE_ENV = "DENDRITE_REQUIRE_NVRTC";
    /** Where .ci/nvrtc.sh puts the two libraries; DENDRITE_NVRTC_DIR overrides it. */
    static final Path LIB_DIR = Optional.ofNullable(System.getenv("DENDRITE_NVRTC_DIR")).map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".cache", "dendrite", "nvrtc-12.6"));
    static final List<String> LIBS = List.of("libnvrtc-builtins.so.12.6", "libnvrtc.so.12");
    static final Path WORK = Path.of("target", "nvrtc-check");

    /** Milliseconds per NVRTC compilation, summed up once at the end. */
    private static final List<Long> MILLIS = new ArrayList<>();
    private static String summary = "";

    @TestFactory
    Stream<DynamicTest> everyKernelFileCompilesWithNvrtc() throws IOException {
        String missing = loadNvrtc();
        if (missing != null) {
            // One test that skips (or fails): Surefire counts a skipped test, and not an aborted factory.
            return Stream.of(DynamicTest.dynamicTest("NVRTC", () ->
                    DeviceAssumptions.requireOrSkip("NVRTC 12 (libnvrtc.so.12)", missing, REQUIRE_ENV)));
        }
        Optional<Tool> ptxas = Tool.onPath("ptxas");
        Files.createDirectories(WORK);
        int[] major = {0}, minor = {0};
        JNvrtc.nvrtcVersion(major, minor);
        summary = "NVRTC " + major[0] + "." + minor[0] + (ptxas.isPresent()
                ? ", PTX assembled by " + ptxas.get().executable() : ", ptxas not on the PATH: PTX not assembled");

        List<String> files = new ArrayList<>();
        files.add(NvccCompileCheckTest.SELFTEST);
        files.addAll(KernelFiles.all());
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : files) {
            for (String arch : NvccCompileCheckTest.ARCHS) {
                tests.add(DynamicTest.dynamicTest(file + " for " + arch, () -> compile(file, arch, ptxas)));
            }
        }
        return tests.stream();
    }

    private static void compile(String file, String arch, Optional<Tool> ptxas) throws IOException {
        String source = file.equals(NvccCompileCheckTest.SELFTEST)
                ? CudaSource.compose(file, NvccCompileCheckTest.selftestSource()) : CudaSource.of(file);
        int cc = Integer.parseInt(arch.substring("sm_".length()));
        NvrtcCompiler compiler = new NvrtcCompiler(cc / 10, cc % 10);

        // The device's own call: a GPU of this architecture gets a cubin.
        NvrtcCompiler.Image cubin = timed(() -> compiler.compile(file, source));
        assertEquals(arch, cubin.target(), "NVRTC 12.6 should compile sm_80 and sm_90 to a cubin");
        assertTrue(cubin.log().isBlank(), () -> "NVRTC warned about " + file + " for " + arch + ":\n" + cubin.log());

        // A GPU newer than NVRTC gets PTX, which the driver finishes; ptxas stands in for the driver here.
        String virtual = "compute_" + cc;
        NvrtcCompiler.Image ptx = timed(() -> compiler.compile(file, source, virtual));
        assertTrue(ptx.log().isBlank(), () -> "NVRTC warned about " + file + " for " + virtual + ":\n" + ptx.log());
        if (ptxas.isPresent()) {
            Path ptxFile = WORK.resolve(file.replace(".cl", "." + arch + ".ptx"));
            Files.write(ptxFile, Arrays.copyOf(ptx.bytes(), ptx.bytes().length - 1)); // without the NUL
            Tool.Result assembled = ptxas.get().run(WORK, List.of("-Werror", "-arch=" + arch, "-o", "/dev/null",
                    ptxFile.getFileName().toString()), 300);
            assertTrue(assembled.ok() && assembled.output().isBlank(),
                    () -> "ptxas rejects NVRTC's PTX of " + file + " for " + arch + ":\n" + assembled.output());
        }
    }

    private static NvrtcCompiler.Image timed(Supplier<NvrtcCompiler.Image> compile) {
        long start = System.nanoTime();
        NvrtcCompiler.Image image = compile.get();
        MILLIS.add((System.nanoTime() - start) / 1_000_000);
        return image;
    }

    /**
     * Loads NVRTC: the two libraries of {@link #LIB_DIR} when they are there, then JCuda's binding.
     * Returns null when it works, else why not. JCuda's static initializer throws
     * UnsatisfiedLinkError the first time and NoClassDefFoundError after, hence LinkageError.
     */
    static String loadNvrtc() {
        try {
            if (LIBS.stream().allMatch(lib -> Files.isRegularFile(LIB_DIR.resolve(lib)))) {
                // The builtins first: libnvrtc opens them by name when it first compiles, and a
                // library already loaded under that name is found without any search path.
                for (String lib : LIBS) System.load(LIB_DIR.resolve(lib).toAbsolutePath().toString());
            }
            JNvrtc.setExceptionsEnabled(false);
            return null;
        } catch (LinkageError e) {
            return CudaProbe.describeLinkageError(e) + " (neither in " + LIB_DIR
                    + " nor on LD_LIBRARY_PATH; .ci/nvrtc.sh fetches it)";
        }
    }

    @AfterAll
    static void printTimings() {
        if (MILLIS.isEmpty()) return;
        List<Long> sorted = MILLIS.stream().sorted().toList();
        long total = sorted.stream().mapToLong(Long::longValue).sum();
        System.out.printf("NvrtcRuntimeCompileTest: %d compilations in %d ms; each took %d ms in the median, at most %d ms (%s)%n",
                sorted.size(), total, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), summary);
    }
}
