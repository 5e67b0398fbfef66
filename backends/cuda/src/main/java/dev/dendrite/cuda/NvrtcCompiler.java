package dev.dendrite.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * Compiles a kernel file at run time with NVRTC, CUDA's compiler as a library.
 *
 * <p>It compiles straight to the GPU's machine code (a cubin for sm_XY) when NVRTC knows the
 * GPU's architecture: such a cubin loads on any CUDA 12 driver, with no JIT step. A GPU newer
 * than NVRTC gets PTX for the newest architecture NVRTC knows, which the driver then compiles
 * (its PTX JIT is forward compatible).
 */
final class NvrtcCompiler implements KernelCompiler {
    private final int deviceArch;        // 10 * major + minor, e.g. 90 for an H100
    private final int[] supportedArchs;

    NvrtcCompiler(int ccMajor, int ccMinor) {
        this.deviceArch = 10 * ccMajor + ccMinor;
        int[] count = {0};
        check(JNvrtc.nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs");
        supportedArchs = new int[count[0]];
        check(JNvrtc.nvrtcGetSupportedArchs(supportedArchs), "nvrtcGetSupportedArchs");
    }

    /** What this GPU gets: "sm_90" (a cubin) or "compute_90" (PTX the driver finishes). */
    String target() {
        int best = 0;
        for (int arch : supportedArchs) {
            if (arch == deviceArch) return "sm_" + arch;
            if (arch < deviceArch) best = Math.max(best, arch);
        }
        if (best == 0) throw new CudaException("CUDA: NVRTC supports none of the architectures up to sm_" + deviceArch);
        return "compute_" + best;
    }

    /** NVRTC's version and the target: "NVRTC 12.6 -> sm_90". */
    @Override public String describe() {
        int[] major = {0}, minor = {0};
        JNvrtc.nvrtcVersion(major, minor);
        return "NVRTC " + major[0] + "." + minor[0] + " -> " + target();
    }

    /** Compiles {@code source} for this GPU; compiler messages name {@code fileName}. Fails with NVRTC's full log. */
    @Override public Image compile(String fileName, String source) {
        return compile(fileName, source, target());
    }

    /**
     * Compiles for {@code target}, "sm_XY" (a cubin) or "compute_XY" (PTX). Needs NVRTC only, no GPU
     * and no driver, so NvrtcRuntimeCompileTest runs this exact path on a machine without either.
     */
    Image compile(String fileName, String source, String target) {
        nvrtcProgram program = new nvrtcProgram();
        check(JNvrtc.nvrtcCreateProgram(program, source, fileName, 0, null, null), "nvrtcCreateProgram");
        try {
            List<String> options = new ArrayList<>(List.of("--gpu-architecture=" + target, "--std=c++17"));
            int status = JNvrtc.nvrtcCompileProgram(program, options.size(), options.toArray(new String[0]));
            String log = log(program);
            if (status != nvrtcResult.NVRTC_SUCCESS) {
                throw new CudaException("NVRTC could not compile " + fileName + " for " + target + " ("
                        + nvrtcResult.stringFor(status) + "):\n" + log);
            }
            if (target.startsWith("sm_")) {
                long[] size = {0};
                check(JNvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
                byte[] cubin = new byte[(int) size[0]];
                check(JNvrtc.nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN");
                return new Image(cubin, target, log);
            }
            String[] ptx = {null};
            check(JNvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
            byte[] text = ptx[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] terminated = java.util.Arrays.copyOf(text, text.length + 1);
            return new Image(terminated, target, log);
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(nvrtcProgram program) {
        String[] log = {""};
        JNvrtc.nvrtcGetProgramLog(program, log);
        return log[0] == null ? "" : log[0];
    }

    private static void check(int status, String call) {
        if (status != nvrtcResult.NVRTC_SUCCESS) throw new CudaException("NVRTC: " + call + " failed with " + nvrtcResult.stringFor(status));
    }
}
