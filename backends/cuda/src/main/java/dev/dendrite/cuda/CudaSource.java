package dev.dendrite.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The CUDA source of a kernel file: {@code cuda_prelude.h} pasted in front of the OpenCL C file,
 * unchanged. The {@code #line} directive between them makes compiler messages point at the
 * line of the {@code .cl} file, not of the pasted text.
 *
 * <p>NVRTC (at run time) and the nvcc check (in the tests) compile exactly this text.
 */
public final class CudaSource {
    /** Where the kernels module keeps the {@code .cl} files and the prelude, on the class path. */
    public static final String KERNEL_DIR = "dev/dendrite/kernels/";
    public static final String PRELUDE = "cuda_prelude.h";

    private CudaSource() {}

    /** The prelude followed by the named kernel file, e.g. {@code "elementwise.cl"}. */
    public static String of(String clFileName) {
        return compose(clFileName, resource(clFileName));
    }

    /** The prelude followed by {@code clSource}, reported by compilers as {@code fileName}. */
    public static String compose(String fileName, String clSource) {
        return resource(PRELUDE) + "\n#line 1 \"" + fileName + "\"\n" + clSource;
    }

    /** A text file of the kernels directory. */
    public static String resource(String fileName) {
        String path = KERNEL_DIR + fileName;
        try (InputStream in = CudaSource.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("kernel source " + path + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }
}
