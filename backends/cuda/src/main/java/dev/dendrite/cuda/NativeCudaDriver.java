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
import jcuda.driver.JCudaDriver;

/** The real driver: libcuda through JCuda, one call each. */
final class NativeCudaDriver implements CudaDriver {

    /** The driver, once {@link CudaProbe} has found it usable; otherwise fails with the probe's one-line reason. */
    static NativeCudaDriver load() {
        String reason = CudaProbe.unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        return new NativeCudaDriver();
    }

    private NativeCudaDriver() {
        JCudaDriver.setExceptionsEnabled(false);   // statuses come back, so CudaException can name the failed call
    }

    @Override public int cuDeviceGetCount(int[] count) { return JCudaDriver.cuDeviceGetCount(count); }

    @Override public int cuDeviceGet(CUdevice device, int ordinal) { return JCudaDriver.cuDeviceGet(device, ordinal); }

    @Override public int cuDeviceGetAttribute(int[] value, int attribute, CUdevice device) {
        return JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
    }

    @Override public int cuDeviceTotalMem(long[] bytes, CUdevice device) { return JCudaDriver.cuDeviceTotalMem(bytes, device); }

    @Override public int cuDeviceGetName(byte[] name, int length, CUdevice device) {
        return JCudaDriver.cuDeviceGetName(name, length, device);
    }

    @Override public int cuDriverGetVersion(int[] version) { return JCudaDriver.cuDriverGetVersion(version); }

    @Override public int cuDevicePrimaryCtxRetain(CUcontext context, CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
    }

    @Override public int cuDevicePrimaryCtxRelease(CUdevice device) { return JCudaDriver.cuDevicePrimaryCtxRelease(device); }

    @Override public int cuCtxSetCurrent(CUcontext context) { return JCudaDriver.cuCtxSetCurrent(context); }

    @Override public int cuStreamCreate(CUstream stream, int flags) { return JCudaDriver.cuStreamCreate(stream, flags); }

    @Override public int cuStreamSynchronize(CUstream stream) { return JCudaDriver.cuStreamSynchronize(stream); }

    @Override public int cuStreamDestroy(CUstream stream) { return JCudaDriver.cuStreamDestroy(stream); }

    @Override public int cuMemAlloc(CUdeviceptr pointer, long bytes) { return JCudaDriver.cuMemAlloc(pointer, bytes); }

    @Override public int cuMemFree(CUdeviceptr pointer) { return JCudaDriver.cuMemFree(pointer); }

    @Override public int cuMemAllocHost(Pointer pointer, long bytes) { return JCudaDriver.cuMemAllocHost(pointer, bytes); }

    @Override public int cuMemFreeHost(Pointer pointer) { return JCudaDriver.cuMemFreeHost(pointer); }

    @Override public ByteBuffer hostBuffer(Pointer pointer, long bytes) { return pointer.getByteBuffer(0, bytes); }

    @Override public int cuMemcpyHtoDAsync(CUdeviceptr dst, Pointer src, long bytes, CUstream stream) {
        return JCudaDriver.cuMemcpyHtoDAsync(dst, src, bytes, stream);
    }

    @Override public int cuMemcpyDtoDAsync(CUdeviceptr dst, CUdeviceptr src, long bytes, CUstream stream) {
        return JCudaDriver.cuMemcpyDtoDAsync(dst, src, bytes, stream);
    }

    @Override public int cuMemcpyDtoH(Pointer dst, CUdeviceptr src, long bytes) { return JCudaDriver.cuMemcpyDtoH(dst, src, bytes); }

    @Override public int cuEventCreate(CUevent event, int flags) { return JCudaDriver.cuEventCreate(event, flags); }

    @Override public int cuEventRecord(CUevent event, CUstream stream) { return JCudaDriver.cuEventRecord(event, stream); }

    @Override public int cuEventSynchronize(CUevent event) { return JCudaDriver.cuEventSynchronize(event); }

    @Override public int cuEventDestroy(CUevent event) { return JCudaDriver.cuEventDestroy(event); }

    @Override public int cuModuleLoadData(CUmodule module, byte[] image) { return JCudaDriver.cuModuleLoadData(module, image); }

    @Override public int cuModuleGetFunction(CUfunction function, CUmodule module, String name) {
        return JCudaDriver.cuModuleGetFunction(function, module, name);
    }

    @Override public int cuModuleUnload(CUmodule module) { return JCudaDriver.cuModuleUnload(module); }

    @Override public int cuLaunchKernel(CUfunction function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                                        int sharedBytes, CUstream stream, Pointer params, Pointer extra) {
        return JCudaDriver.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, stream, params, extra);
    }
}
