package dev.dendrite.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcResult;

/**
 * Finds out, once per JVM, whether the CUDA device can be created here, and if not, why, in one
 * line. It never throws and never prints: {@code Devices} asks it while choosing "auto", and a
 * machine without an NVIDIA GPU is the normal case, not an error.
 *
 * <p>JCuda loads its native libraries in static initializers. Without libcuda.so.1 the first use
 * of {@code JCudaDriver} throws UnsatisfiedLinkError, and every later use NoClassDefFoundError;
 * both are {@link LinkageError}s, caught here and turned into a reason. Checked in order: the
 * driver library, cuInit, a device, then NVRTC (libnvrtc.so.12), which compiles the kernels.
 *
 * <p>Run {@code java -cp ... dev.dendrite.cuda.CudaProbe} to see the verdict for a machine.
 */
public final class CudaProbe {
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("([\\w.+-]+\\.(?:so[\\w.]*|dll|dylib)): cannot open shared object file");

    /** The outcome: {@code reason} is null when CUDA is usable. */
    record Verdict(String reason, String summary) {}

    private static Verdict verdict;

    private CudaProbe() {}

    /** Null when a CUDA device can be created; otherwise "CUDA unavailable: ...". */
    public static String unavailableReason() { return verdict().reason(); }

    /** One line either way: the reason, or the device, driver and NVRTC versions found. */
    public static String summary() { return verdict().summary(); }

    static synchronized Verdict verdict() {
        if (verdict == null) verdict = probe();
        return verdict;
    }

    private static Verdict probe() {
        try {
            return probeDriverThenNvrtc();
        } catch (LinkageError e) {
            return unavailable(describeLinkageError(e));
        } catch (RuntimeException e) {
            return unavailable("probing failed: " + e);
        }
    }

    private static Verdict probeDriverThenNvrtc() {
        try {
            JCudaDriver.setExceptionsEnabled(false);   // the first touch loads libJCudaDriver and libcuda.so.1
        } catch (LinkageError e) {
            return unavailable(describeLinkageError(e) + " (is the NVIDIA driver installed?)");
        }
        int status = JCudaDriver.cuInit(0);
        if (status != CUresult.CUDA_SUCCESS) return unavailable("cuInit failed with " + CUresult.stringFor(status));
        int[] count = {0};
        status = JCudaDriver.cuDeviceGetCount(count);
        if (status != CUresult.CUDA_SUCCESS) return unavailable("cuDeviceGetCount failed with " + CUresult.stringFor(status));
        if (count[0] == 0) return unavailable("no CUDA device found");
        int[] driver = {0};
        JCudaDriver.cuDriverGetVersion(driver);
        if (driver[0] < 12000) {
            return unavailable("the NVIDIA driver supports CUDA " + version(driver[0])
                    + ", and JCuda 12.6 needs a CUDA 12 driver (R525 or newer)");
        }

        int[] major = {0}, minor = {0};
        try {
            JNvrtc.setExceptionsEnabled(false);          // loads libJNvrtc and libnvrtc.so.12
            status = JNvrtc.nvrtcVersion(major, minor);
        } catch (LinkageError e) {
            return unavailable("NVRTC not loadable: " + describeLinkageError(e)
                    + " (install the NVRTC library of a CUDA 12 toolkit, for example the cuda-nvrtc-12-6 package)");
        }
        if (status != nvrtcResult.NVRTC_SUCCESS) return unavailable("nvrtcVersion failed with " + nvrtcResult.stringFor(status));

        CUdevice first = new CUdevice();
        JCudaDriver.cuDeviceGet(first, 0);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, first);
        return new Verdict(null, "CUDA available: " + count[0] + " device(s), first " + cString(name)
                + "; driver supports CUDA " + version(driver[0])
                + "; NVRTC " + major[0] + "." + minor[0]);
    }

    private static Verdict unavailable(String why) {
        String reason = "CUDA unavailable: " + why;
        return new Verdict(reason, reason);
    }

    /** JCuda's message carries nested stack traces; keep only the library that was missing. */
    static String describeLinkageError(LinkageError e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = MISSING_LIBRARY.matcher(message);
        if (m.find()) return m.group(1) + " not found";
        if (e instanceof NoClassDefFoundError && message.startsWith("jcuda/")) return "JCuda is not on the class path";
        String firstLine = message.lines().findFirst().orElse("").trim();
        return e.getClass().getSimpleName() + ": " + firstLine;
    }

    /** CUDA encodes 12.6 as 12060. */
    static String version(int encoded) { return encoded / 1000 + "." + (encoded % 1000) / 10; }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Prints the verdict for this machine; exit status 0 when CUDA is usable, 1 when not. */
    public static void main(String[] args) {
        System.out.println(summary());
        System.exit(unavailableReason() == null ? 0 : 1);
    }
}
