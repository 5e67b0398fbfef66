package dev.dendrite.cuda;

import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

/**
 * The CUDA driver calls the device makes, with JCudaDriver's names and arguments, each returning
 * CUDA's status code. An interface so that unit tests can run the device on a fake driver, with
 * no GPU and no libcuda; the real one is {@link NativeCudaDriver}.
 *
 * <p>The first group needs no context. Every other call acts in the context that is current on
 * the calling thread, so the device reaches the driver only through {@link CudaContext#driver()},
 * which makes its context current there first.
 */
interface CudaDriver {

    // ---------------------------------------------------------------- the GPU itself: no context needed

    int cuDeviceGetCount(int[] count);

    int cuDeviceGet(CUdevice device, int ordinal);

    int cuDeviceGetAttribute(int[] value, int attribute, CUdevice device);

    int cuDeviceTotalMem(long[] bytes, CUdevice device);

    int cuDeviceGetName(byte[] name, int length, CUdevice device);

    int cuDriverGetVersion(int[] version);

    int cuDevicePrimaryCtxRetain(CUcontext context, CUdevice device);

    int cuDevicePrimaryCtxRelease(CUdevice device);

    int cuCtxSetCurrent(CUcontext context);

    // ---------------------------------------------------------------- in the calling thread's current context

    int cuStreamCreate(CUstream stream, int flags);

    int cuStreamSynchronize(CUstream stream);

    int cuStreamDestroy(CUstream stream);

    int cuMemAlloc(CUdeviceptr pointer, long bytes);

    int cuMemFree(CUdeviceptr pointer);

    int cuMemAllocHost(Pointer pointer, long bytes);

    int cuMemFreeHost(Pointer pointer);

    /**
     * Not a driver call: the pinned memory of {@code pointer} (from cuMemAllocHost) as Java writes
     * it. JCuda keeps a direct buffer in the pointer, which only its native code can set.
     */
    ByteBuffer hostBuffer(Pointer pointer, long bytes);

    int cuMemcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream);

    int cuMemcpyDtoDAsync(CUdeviceptr dst, CUdeviceptr src, long bytes, CUstream stream);

    int cuMemcpyDtoH(Pointer dst, CUdeviceptr src, long bytes);

    int cuEventCreate(CUevent event, int flags);

    int cuEventRecord(CUevent event, CUstream stream);

    int cuEventSynchronize(CUevent event);

    int cuEventDestroy(CUevent event);

    int cuModuleLoadData(CUmodule module, byte[] image);

    int cuModuleGetFunction(CUfunction function, CUmodule module, String name);

    int cuModuleUnload(CUmodule module);

    int cuLaunchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedBytes, CUstream stream, Pointer params, Pointer extra);
}
