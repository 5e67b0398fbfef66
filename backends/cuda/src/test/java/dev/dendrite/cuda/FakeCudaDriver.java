package dev.dendrite.cuda;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

/**
 * A CUDA driver without a GPU or libcuda, for unit tests. Like the real one it keeps a current
 * context per thread, and a call that needs a context fails with CUDA_ERROR_INVALID_CONTEXT
 * where the GPU's retained context is not current on the calling thread. Each such call is also
 * recorded in {@link #violations}, so a failure the device ignores (close() checks no status)
 * still shows. Otherwise calls succeed and do nothing: no data moves, kernels run nowhere.
 */
final class FakeCudaDriver implements CudaDriver {
    private final long totalMemory;
    private final ThreadLocal<CUcontext> current = new ThreadLocal<>();
    private volatile CUcontext retained;

    /** Every call that needs a context, as "cuMemFree on cleaner" (the call and its thread). */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Those of them made where the context was not current. */
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    /** The threads cuCtxSetCurrent ran on, once per call. */
    final List<String> contextSwitches = Collections.synchronizedList(new ArrayList<>());

    /** @param totalMemory what cuDeviceTotalMem reports (the device's cache keeps a quarter) */
    FakeCudaDriver(long totalMemory) { this.totalMemory = totalMemory; }

    /** Records the call and whether the calling thread could make it. */
    private int inContext(String call) {
        String where = call + " on " + Thread.currentThread().getName();
        calls.add(where);
        if (retained == null || current.get() != retained) {
            violations.add(where);
            return CUresult.CUDA_ERROR_INVALID_CONTEXT;
        }
        return CUresult.CUDA_SUCCESS;
    }

    // ---------------------------------------------------------------- no context needed: one GPU, answers that look plausible

    @Override public int cuDeviceGetCount(int[] count) {
        count[0] = 1;
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDeviceGet(CUdevice device, int ordinal) { return CUresult.CUDA_SUCCESS; }

    @Override public int cuDeviceGetAttribute(int[] value, int attribute, CUdevice device) {
        value[0] = 8;   // compute 8.8 with 8 SMs: the values only reach the description
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDeviceTotalMem(long[] bytes, CUdevice device) {
        bytes[0] = totalMemory;
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDeviceGetName(byte[] name, int length, CUdevice device) {
        byte[] fake = "Fake GPU".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(fake, 0, name, 0, Math.min(fake.length, length - 1));
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDriverGetVersion(int[] version) {
        version[0] = 12060;
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDevicePrimaryCtxRetain(CUcontext context, CUdevice device) {
        retained = context;   // the handle object itself stands for the context
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuDevicePrimaryCtxRelease(CUdevice device) {
        retained = null;
        return CUresult.CUDA_SUCCESS;
    }

    @Override public int cuCtxSetCurrent(CUcontext context) {
        contextSwitches.add(Thread.currentThread().getName());
        current.set(context);
        return CUresult.CUDA_SUCCESS;
    }

    // ---------------------------------------------------------------- in the current context

    @Override public int cuStreamCreate(CUstream stream, int flags) { return inContext("cuStreamCreate"); }

    @Override public int cuStreamSynchronize(CUstream stream) { return inContext("cuStreamSynchronize"); }

    @Override public int cuStreamDestroy(CUstream stream) { return inContext("cuStreamDestroy"); }

    @Override public int cuMemAlloc(CUdeviceptr pointer, long bytes) { return inContext("cuMemAlloc"); }

    @Override public int cuMemFree(CUdeviceptr pointer) { return inContext("cuMemFree"); }

    @Override public int cuMemAllocHost(Pointer pointer, long bytes) { return inContext("cuMemAllocHost"); }

    @Override public int cuMemFreeHost(Pointer pointer) { return inContext("cuMemFreeHost"); }

    @Override public ByteBuffer hostBuffer(Pointer pointer, long bytes) { return ByteBuffer.allocate(Math.toIntExact(bytes)); }

    @Override public int cuMemcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream) {
        return inContext("cuMemcpyHtoDAsync");
    }

    @Override public int cuMemcpyDtoDAsync(CUdeviceptr dst, CUdeviceptr src, long bytes, CUstream stream) {
        return inContext("cuMemcpyDtoDAsync");
    }

    @Override public int cuMemcpyDtoH(Pointer dst, CUdeviceptr src, long bytes) { return inContext("cuMemcpyDtoH"); }

    @Override public int cuEventCreate(CUevent event, int flags) { return inContext("cuEventCreate"); }

    @Override public int cuEventRecord(CUevent event, CUstream stream) { return inContext("cuEventRecord"); }

    @Override public int cuEventSynchronize(CUevent event) { return inContext("cuEventSynchronize"); }

    @Override public int cuEventDestroy(CUevent event) { return inContext("cuEventDestroy"); }

    @Override public int cuModuleLoadData(CUmodule module, byte[] image) { return inContext("cuModuleLoadData"); }

    @Override public int cuModuleGetFunction(CUfunction function, CUmodule module, String name) {
        return inContext("cuModuleGetFunction");
    }

    @Override public int cuModuleUnload(CUmodule module) { return inContext("cuModuleUnload"); }

    @Override public int cuLaunchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                                        int sharedBytes, CUstream stream, Pointer params, Pointer extra) {
        return inContext("cuLaunchKernel");
    }
}
