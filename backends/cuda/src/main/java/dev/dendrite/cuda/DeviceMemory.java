package dev.dendrite.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * Where the caching allocator's blocks really come from: cuMemAlloc and cuMemFree, in the device's
 * context on whichever thread asks. That thread is not always the device's: release() runs on the
 * tensor layer's Cleaner too, and a block the cache cannot keep is freed there.
 */
final class DeviceMemory implements CachingAllocator.Backend<CUdeviceptr> {
    private final CudaContext context;

    DeviceMemory(CudaContext context) { this.context = context; }

    @Override public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        int status = context.driver().cuMemAlloc(p, bytes);
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
        CudaException.check(status, "cuMemAlloc(" + bytes + ")");
        return p;
    }

    @Override public void free(CUdeviceptr block) {
        CudaException.check(context.driver().cuMemFree(block), "cuMemFree");
    }
}
