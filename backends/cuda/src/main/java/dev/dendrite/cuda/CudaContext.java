package dev.dendrite.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;

/**
 * The device's CUDA context, and the one way to the driver.
 *
 * <p>CUDA keeps a current context per thread, and a call acts in the context current on its
 * thread: on a thread with none it fails (CUDA_ERROR_INVALID_CONTEXT). The device is used from more
 * than one thread (the tensor layer's Cleaner releases buffers, and so frees memory, on its own),
 * so every driver call goes through {@link #driver()}, which makes this context current on the
 * calling thread first.
 *
 * <p>Once it is current there, that costs a ThreadLocal read: each thread remembers which context
 * this class last made current on it. A context switched behind its back (JCuda called directly
 * on the same thread) would go unnoticed; nothing in Dendrite does that.
 */
final class CudaContext {
    /** The context this class last made current on each thread (shared by all devices, like CUDA's own). */
    private static final ThreadLocal<CudaContext> CURRENT = new ThreadLocal<>();

    private final CudaDriver driver;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private volatile boolean closed;

    /** Retains GPU {@code ordinal}'s primary context (the one the CUDA runtime uses too). */
    CudaContext(CudaDriver driver, int ordinal) {
        this.driver = driver;
        int[] count = {0};
        CudaException.check(driver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new IllegalArgumentException("cuda: no device " + ordinal + "; this machine has " + count[0]
                    + " (choose with " + CudaDeviceProvider.ORDINAL_ENV + ")");
        }
        CudaException.check(driver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        CudaException.check(driver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    }

    /** The GPU, for the driver's device queries. */
    CUdevice device() { return device; }

    /** The driver, with this context current on the calling thread. Fails once closed. */
    CudaDriver driver() {
        checkOpen();
        if (CURRENT.get() != this) {
            CudaException.check(driver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(this);
        }
        return driver;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("cuda: the device is closed");
    }

    boolean isClosed() { return closed; }

    /** Releases the primary context (the driver frees what it still holds); {@link #driver()} fails from now on. */
    void close() {
        if (closed) return;
        closed = true;
        if (CURRENT.get() == this) CURRENT.remove();
        driver.cuDevicePrimaryCtxRelease(device);
    }
}
