package dev.dendrite.config;

import java.util.Locale;

/**
 * Every setting Dendrite reads from outside the program, in one place: each has an environment
 * variable and, where it makes sense, a system property. The property wins when both are set
 * (a {@code -D} on one command line is more specific than an exported variable). Library code
 * reads a setting only through {@link #value()}; docs/GUIDE.md carries {@link #markdownTable()}
 * verbatim, and a test keeps the two equal.
 */
public enum Setting {
    DEVICE("DENDRITE_DEVICE", "dendrite.device", "java", Reader.LIBRARY,
            "Default device of `Devices.defaultDevice()` and the examples: `java`, `opencl`, `cuda` or `auto`."),
    OPENCL_DEVICE("DENDRITE_OPENCL_DEVICE", "dendrite.opencl.device", null, Reader.LIBRARY,
            "Which OpenCL device: an index in the list, or part of the platform or device name (`pocl`, `oclgrind`)."),
    OPENCL_MATMUL("DENDRITE_OPENCL_MATMUL", "dendrite.opencl.matmul", null, Reader.LIBRARY,
            "Force one matmul rung on OpenCL (`naive`, `tiled`, ..., `vector`); unset: chosen by device type."),
    OPENCL_PROFILE("DENDRITE_OPENCL_PROFILE", "dendrite.opencl.profile", null, Reader.LIBRARY,
            "`1`/`true`: time every OpenCL kernel and print a table to stderr at exit (slower)."),
    CUDA_DEVICE("DENDRITE_CUDA_DEVICE", "dendrite.cuda.device", "0", Reader.LIBRARY,
            "Which GPU the CUDA device uses (ordinal)."),
    CUDA_MATMUL("DENDRITE_CUDA_MATMUL", "dendrite.cuda.matmul", null, Reader.LIBRARY,
            "Force one matmul rung on CUDA; unset: chosen by device type."),
    GEMM_KC("DENDRITE_GEMM_KC", "dendrite.kc", "384", Reader.LIBRARY,
            "java device matmul: depth of a packed block (cache tuning experiments)."),
    GEMM_MC("DENDRITE_GEMM_MC", "dendrite.mc", "144", Reader.LIBRARY,
            "java device matmul: rows of a packed A block."),
    GEMM_NC("DENDRITE_GEMM_NC", "dendrite.nc", "2048", Reader.LIBRARY,
            "java device matmul: columns of a packed B block."),
    GEMM_SHARE_MACS("DENDRITE_GEMM_SHARE_MACS", "dendrite.gemm.share", "33554432", Reader.LIBRARY,
            "java device matmul: one product is shared between threads from this many multiply-adds (batches of whole matrices from 2097152)."),
    VECTOR_ROWS_AFTER("DENDRITE_VECTOR_ROWS_AFTER", "dendrite.vectorRowsAfter", "134217728", Reader.LIBRARY,
            "java device: each elementwise row kernel runs scalar (same bits) until it has processed this many floats (the exponentials a sixteenth of it), then with the Vector API (`0`: from the first call)."),
    JIT_WARMUP("DENDRITE_WARMUP", "dendrite.warmup", "true", Reader.LIBRARY,
            "java device: get the Vector API matmul kernels compiled on a background thread at start (`false`: off)."),
    VERBOSE("DENDRITE_VERBOSE", "dendrite.verbose", null, Reader.LAUNCHER,
            "Set: the examples show the library's INFO log lines (which device, which kernels)."),
    JAVA("DENDRITE_JAVA", null, null, Reader.LAUNCHER,
            "The java binary `./dendrite` runs programs with (default: `java` on the PATH), e.g. a JDK 25's."),
    JAVA_OPTS("DENDRITE_JAVA_OPTS", null, null, Reader.LAUNCHER,
            "Extra JVM options for `./dendrite` (read by the shell script, e.g. `-Xmx2g`)."),
    REQUIRE_OPENCL("DENDRITE_REQUIRE_OPENCL", null, null, Reader.TESTS,
            "`1`: the OpenCL tests fail instead of skipping when no OpenCL device is found (CI sets it)."),
    REQUIRE_OCLGRIND("DENDRITE_REQUIRE_OCLGRIND", null, null, Reader.TESTS,
            "`1`: OclgrindConformanceTest fails instead of skipping without Oclgrind (CI sets it)."),
    OCLGRIND_ICD("DENDRITE_OCLGRIND_ICD", null, null, Reader.TESTS,
            "Path of `liboclgrind-rt-icd.so` when it is not where Debian puts it."),
    REQUIRE_NVRTC("DENDRITE_REQUIRE_NVRTC", null, null, Reader.TESTS,
            "`1`: NvrtcRuntimeCompileTest fails instead of skipping without NVRTC (CI sets it)."),
    NVRTC_DIR("DENDRITE_NVRTC_DIR", null, null, Reader.TESTS,
            "Where `.ci/nvrtc.sh` puts NVRTC 12.6 and the test finds it (default `~/.cache/dendrite/nvrtc-12.6`)."),
    REQUIRE_NVCC("DENDRITE_REQUIRE_NVCC", null, null, Reader.TESTS,
            "`1`: the nvcc compile check fails instead of skipping when nvcc is missing."),
    REQUIRE_CUDA("DENDRITE_REQUIRE_CUDA", null, null, Reader.TESTS,
            "`1`: the CUDA tests fail instead of skipping when no CUDA GPU is found."),
    PYTHON("DENDRITE_PYTHON", null, "python3", Reader.TESTS,
            "The Python with PyTorch that the cross-check tests run.");

    /** Who reads a setting: the library itself, the launcher and examples, or the test suite. */
    public enum Reader { LIBRARY, LAUNCHER, TESTS }

    private final String env;
    private final String property;
    private final String fallback;
    private final Reader reader;
    private final String doc;

    Setting(String env, String property, String fallback, Reader reader, String doc) {
        this.env = env;
        this.property = property;
        this.fallback = fallback;
        this.reader = reader;
        this.doc = doc;
    }

    public String env() { return env; }

    /** The system property, or null where there is none. */
    public String property() { return property; }

    public Reader reader() { return reader; }

    /** The system property if set, else the environment variable if set, else the default (maybe null). */
    public String value() {
        String v = property == null ? null : System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        if (v == null || v.isBlank()) return fallback;
        return v.trim();
    }

    /** True when set to anything but "", "0" or "false" (case-insensitive). */
    public boolean isOn() {
        String v = value();
        return v != null && !v.equals("0") && !v.toLowerCase(Locale.ROOT).equals("false");
    }

    /** The value as an int; a value that is not a number fails naming the setting. */
    public int intValue() {
        String v = value();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + (property == null ? "" : " / -D" + property)
                    + " must be a whole number, got '" + v + "'");
        }
    }

    /** The table of docs/GUIDE.md: one row per setting. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| variable | system property | default | read by | what it does |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (Setting s : values()) {
            sb.append("| `").append(s.env).append("` | ")
              .append(s.property == null ? "" : "`" + s.property + "`").append(" | ")
              .append(s.fallback == null ? "" : "`" + s.fallback + "`").append(" | ")
              .append(s.reader.name().toLowerCase(Locale.ROOT)).append(" | ")
              .append(s.doc).append(" |\n");
        }
        return sb.toString();
    }
}
