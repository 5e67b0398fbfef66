package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The CUDA device runs the OpenCL device's op code: which kernel, which arguments, which launch
 * geometry. The op classes (ElementwiseOps, ReduceOps, ...) of backends/opencl are written against
 * calls both devices offer ({@code device.call(family, kernel).arg(..).launch(geometry)}), so the
 * CUDA copies are those files with the type names changed, and this test fails the build as soon
 * as the two differ. After changing an op in backends/opencl, regenerate the copies with
 * <pre>DENDRITE_REGENERATE_OPS=1 mvn -q -o verify -pl backends/cuda -am -Dtest=OpsMirrorTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class OpsMirrorTest {
    static final List<String> OPS = List.of(
            "ElementwiseOps", "ReduceOps", "MatmulOps", "ConvOps", "PoolOps", "IndexOps", "UpdateOps");
    static final Path OPENCL = Path.of("..", "opencl", "src", "main", "java", "dev", "dendrite", "opencl");
    static final Path CUDA = Path.of("src", "main", "java", "dev", "dendrite", "cuda");
    static final String REGENERATE_ENV = "DENDRITE_REGENERATE_OPS";

    private static final Pattern COPY_BUFFER = Pattern.compile(
            "clEnqueueCopyBuffer\\(device\\.queue\\(\\), (\\w+)\\.mem, (\\w+)\\.mem, (.+?), 0, null, null\\);");
    private static final Pattern KERNEL_CALL = Pattern.compile("\\bKernelCall\\b");
    private static final Pattern OPENCL_ONLY = Pattern.compile("org\\.jocl|\\bclEnqueue|\\bcl_\\w+|\\.mem\\b|\\bqueue\\(\\)");

    /** The CUDA version of an OpenCL op class. */
    static String port(String fileName, String opencl) {
        String s = opencl.replace("package dev.dendrite.opencl;", "package dev.dendrite.cuda;")
                .replace("import static org.jocl.CL.clEnqueueCopyBuffer;\n\n", "")
                .replace("import static org.jocl.CL.clEnqueueCopyBuffer;\n", "");
        s = COPY_BUFFER.matcher(s).replaceAll("device.copyBytes($1, $2, $3);");
        s = s.replace("OpenClDevice", "CudaDevice").replace("ClBuffer", "CudaBuffer").replace("device.cl(", "device.cuda(")
                .replace("DENDRITE_OPENCL_MATMUL", "DENDRITE_CUDA_MATMUL");
        s = KERNEL_CALL.matcher(s).replaceAll("CudaKernelCall");
        Matcher left = OPENCL_ONLY.matcher(s);
        if (left.find()) {
            int line = (int) s.substring(0, left.start()).chars().filter(c -> c == '\n').count() + 1;
            throw new IllegalStateException(fileName + " line " + line + ": '" + left.group()
                    + "' is OpenCL-only; give both devices a method for it (as copyBytes) and teach OpsMirrorTest.port the mapping");
        }
        return "// GENERATED from backends/opencl/src/main/java/dev/dendrite/opencl/" + fileName + " by OpsMirrorTest: edit\n"
                + "// the OpenCL file, then regenerate (see OpsMirrorTest). The CUDA device runs the OpenCL device's op code.\n" + s;
    }

    @TestFactory
    Stream<DynamicTest> cudaOpsAreTheOpenClOps() {
        Assumptions.assumeTrue(Files.isDirectory(OPENCL), "backends/opencl sources not found at " + OPENCL.toAbsolutePath());
        boolean regenerate = "1".equals(System.getenv(REGENERATE_ENV));
        return OPS.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String file = name + ".java";
            String expected = port(file, Files.readString(OPENCL.resolve(file), StandardCharsets.UTF_8));
            Path copy = CUDA.resolve(file);
            if (regenerate) Files.writeString(copy, expected, StandardCharsets.UTF_8);
            String actual = Files.exists(copy) ? Files.readString(copy, StandardCharsets.UTF_8) : "";
            assertEquals(expected, actual, () -> copy + " differs from the OpenCL device's " + file
                    + "; regenerate it with " + REGENERATE_ENV + "=1 (see OpsMirrorTest)");
        }));
    }

    @Test
    void portRenamesTypesAndMapsTheBufferCopy() throws IOException {
        String opencl = "package dev.dendrite.opencl;\n\nimport static org.jocl.CL.clEnqueueCopyBuffer;\n\n"
                + "final class X {\n  private final OpenClDevice device;\n  void f(ClBuffer s, ClBuffer d, int n) {\n"
                + "    ClBuffer t = device.cl(s, \"f\");\n"
                + "    clEnqueueCopyBuffer(device.queue(), s.mem, d.mem, 4L * 1, 4L * 2, 4L * n, 0, null, null);\n  }\n}\n";
        String cuda = port("X.java", opencl);
        assertTrue(cuda.contains("package dev.dendrite.cuda;"), cuda);
        assertTrue(cuda.contains("private final CudaDevice device;"), cuda);
        assertTrue(cuda.contains("CudaBuffer t = device.cuda(s, \"f\");"), cuda);
        assertTrue(cuda.contains("device.copyBytes(s, d, 4L * 1, 4L * 2, 4L * n);"), cuda);
        assertTrue(!cuda.contains("jocl"), cuda);
    }

    @Test
    void openClOnlyCodeIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> port("Y.java", "package dev.dendrite.opencl;\nclass Y {\n  void f() { clFinish(device.queue()); }\n}\n"));
        assertTrue(e.getMessage().contains("Y.java line 3"), e.getMessage());
    }
}
