package dev.dendrite.opencl;

import static org.jocl.CL.*;

import dev.dendrite.kernels.KernelSources;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Builds each kernel family (one .cl file) once per device, on first use, and keeps its kernels.
 * A family that fails to build raises an exception carrying the compiler's full build log.
 *
 * <p>PoCL compiles a program in about half a second the first time and keeps the binary in its
 * cache (POCL_CACHE_DIR, by default ~/.cache/pocl), so later runs build in ~20 ms.
 */
final class Programs {
    private final cl_context context;
    private final cl_device_id device;
    private final String deviceLabel;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    Programs(cl_context context, cl_device_id device, String deviceLabel) {
        this.context = context;
        this.device = device;
        this.deviceLabel = deviceLabel;
    }

    /** Kernel {@code name} of family {@code family} (e.g. "elementwise", "fill_f32"). */
    cl_kernel kernel(String family, String name) {
        String key = family + "/" + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            try {
                k = clCreateKernel(program(family), name, null);
            } catch (CLException e) {
                throw new IllegalStateException("opencl: no kernel '" + name + "' in " + family + ".cl (" + e.getMessage() + ")", e);
            }
            kernels.put(key, k);
        }
        return k;
    }

    /** The built program of a family. */
    cl_program program(String family) {
        cl_program p = programs.get(family);
        if (p == null) {
            p = build(family, KernelSources.load(family));
            programs.put(family, p);
        }
        return p;
    }

    /**
     * Uses {@code source} in place of a family's file from now on: how the Oclgrind self-tests run a
     * kernel broken on purpose through the device's own ops.
     */
    void replace(String family, String source) {
        cl_program built = build(family, source);
        kernels.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(family + "/")) return false;
            clReleaseKernel(e.getValue());
            return true;
        });
        cl_program old = programs.put(family, built);
        if (old != null) clReleaseProgram(old);
    }

    /** The kernels made so far, as "family/name": which entry points a run has launched. */
    Set<String> kernelsMade() {
        return Set.copyOf(kernels.keySet());
    }

    /** Compiles {@code source}; on failure throws with the build log. Used directly by the build tests. */
    cl_program build(String name, String source) {
        cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(p, 1, new cl_device_id[] {device}, "", null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new IllegalStateException("opencl: kernel source " + name + ".cl failed to build on " + deviceLabel
                    + " (" + CL.stringFor_errorCode(e.getStatus()) + "). Build log:\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            int n = log.length;
            while (n > 0 && log[n - 1] == 0) n--;
            return new String(log, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    void close() {
        for (cl_kernel k : kernels.values()) clReleaseKernel(k);
        for (cl_program p : programs.values()) clReleaseProgram(p);
        kernels.clear();
        programs.clear();
    }
}
