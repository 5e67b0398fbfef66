package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel file, pasted behind the CUDA prelude exactly as the CUDA device pastes it for
 * NVRTC, must compile with nvcc for sm_80 (A100) and sm_90 (H100) with no warning at all; a
 * kernel that does not compile for CUDA fails the build here, on a machine without a GPU.
 *
 * <p>ptxas then assembles each PTX file with {@code -v}, and its figures (registers, shared
 * memory, spills per kernel) go to {@code target/ptxas-report.md}. The compilations run two at
 * a time. When nvcc is not on the PATH the check is skipped, unless DENDRITE_REQUIRE_NVCC=1.
 */
class NvccCompileCheckTest {
    static final List<String> ARCHS = List.of("sm_80", "sm_90");
    static final Path WORK = Path.of("target", "cuda-check");
    static final Path REPORT = Path.of("target", "ptxas-report.md");
    static final String SELFTEST = "prelude_selftest.cl";

    /** One file compiled for one architecture. */
    record Build(String file, String arch, boolean ok, String log, List<PtxasFigures> figures) {}

    private static final Map<String, List<Future<Build>>> BUILDS = Collections.synchronizedMap(new LinkedHashMap<>());
    private static String header = "";
    private static ExecutorService pool;

    @TestFactory
    Stream<DynamicTest> everyKernelFileCompilesForCuda() throws IOException {
        Optional<Tool> nvcc = Tool.onPath("nvcc");
        Optional<Tool> ptxas = Tool.onPath("ptxas");
        String missing = nvcc.isEmpty() ? "nvcc" : ptxas.isEmpty() ? "ptxas" : null;
        if (missing != null) {
            String reason = "CUDA compile check skipped: " + missing + " is not on the PATH";
            header = reason + ".";
            if ("1".equals(System.getenv("DENDRITE_REQUIRE_NVCC"))) fail(reason + " and DENDRITE_REQUIRE_NVCC=1");
            Assumptions.abort(reason);
        }
        Files.createDirectories(WORK);
        String version = nvcc.get().run(WORK, List.of("--version"), 60).output().lines()
                .filter(l -> l.contains("release")).findFirst().orElse("unknown version").trim();
        header = "Written by NvccCompileCheckTest (backends/cuda) with nvcc " + version + ": each kernel file behind "
                + "cuda_prelude.h, `nvcc --ptx -arch=<arch> -Werror all-warnings`, then `ptxas -v -Werror`. "
                + "Shared memory is per block, registers per thread; `f64 instr.` counts PTX lines computing in double "
                + "(a float literal without `f` shows up there, and so does the rarely taken huge-argument path of CUDA's "
                + "own sinf/cosf, which also accounts for a small stack frame).";

        List<String> files = new ArrayList<>();
        files.add(SELFTEST);
        files.addAll(KernelFiles.all());
        pool = Executors.newFixedThreadPool(2);
        for (String file : files) {
            String cuda = file.equals(SELFTEST) ? CudaSource.compose(file, selftestSource()) : CudaSource.of(file);
            Path cu = WORK.resolve(file.replace(".cl", ".cu"));
            Files.writeString(cu, cuda);
            List<Future<Build>> perArch = new ArrayList<>();
            for (String arch : ARCHS) perArch.add(pool.submit(() -> build(nvcc.get(), ptxas.get(), file, cu, arch)));
            BUILDS.put(file, perArch);
        }
        pool.shutdown();
        return files.stream().map(file -> DynamicTest.dynamicTest(file, () -> {
            for (Future<Build> future : BUILDS.get(file)) {
                Build b = future.get();
                assertTrue(b.ok(), () -> file + " does not compile for CUDA " + b.arch() + ":\n" + b.log());
                assertFalse(b.figures().isEmpty(), () -> file + ": ptxas reported no kernel for " + b.arch() + ":\n" + b.log());
            }
        }));
    }

    private static Build build(Tool nvcc, Tool ptxas, String file, Path cu, String arch) {
        String base = cu.getFileName().toString().replace(".cu", "") + "." + arch;
        Tool.Result compiled = nvcc.run(WORK, List.of("--ptx", "-arch=" + arch, "-Werror", "all-warnings",
                "-o", base + ".ptx", cu.getFileName().toString()), 300);
        if (!compiled.ok() || !compiled.output().isBlank()) {
            return new Build(file, arch, false, "nvcc exit " + compiled.exitCode() + "\n" + compiled.output(), List.of());
        }
        Tool.Result assembled = ptxas.run(WORK, List.of("-v", "-Werror", "-arch=" + arch,
                "-o", base + ".cubin", base + ".ptx"), 300);
        if (!assembled.ok()) {
            return new Build(file, arch, false, "ptxas exit " + assembled.exitCode() + "\n" + assembled.output(), List.of());
        }
        try {
            String ptx = Files.readString(WORK.resolve(base + ".ptx"), StandardCharsets.UTF_8);
            return new Build(file, arch, true, assembled.output(), PtxasFigures.parse(file, assembled.output(), ptx));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String selftestSource() {
        try (var in = NvccCompileCheckTest.class.getResourceAsStream(SELFTEST)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void writeReport() throws InterruptedException {
        List<PtxasFigures> figures = new ArrayList<>();
        synchronized (BUILDS) {
            for (List<Future<Build>> perArch : BUILDS.values()) {
                for (Future<Build> f : perArch) {
                    try {
                        figures.addAll(f.get().figures());
                    } catch (ExecutionException e) {
                        // reported by the failing dynamic test
                    }
                }
            }
        }
        PtxasReport.write(REPORT, header, figures);
    }
}
