package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The CUDA device used from several threads, on {@link FakeCudaDriver}: whichever thread makes a
 * driver call must find the device's context current there. The case that matters is the tensor
 * layer's Cleaner, which calls release() on its own thread, where release() may free memory.
 * No GPU, libcuda or NVRTC is needed.
 */
class CudaDeviceThreadTest {
    /** 64 KiB of fake GPU memory: the device's cache keeps at most a quarter, 16 KiB. */
    private static final long MEMORY = 64 << 10;
    /** 32 KiB of floats: more than the cache keeps, so release() frees the block at once. */
    private static final int LARGE = 8 << 10;

    private final FakeCudaDriver driver = new FakeCudaDriver(MEMORY);

    private CudaDevice open() {
        return new CudaDevice(driver, CudaDeviceThreadTest::fakeCompiler, 0, null);
    }

    /** Kernels "compile" to an empty image, which the fake driver loads and launches without a look. */
    private static KernelCompiler fakeCompiler(int ccMajor, int ccMinor) {
        return new KernelCompiler() {
            @Override public Image compile(String fileName, String source) { return new Image(new byte[1], "fake", ""); }

            @Override public String describe() { return "no compiler"; }
        };
    }

    /** Runs {@code work} on a new thread named {@code name}, waits for it, and fails with what it threw. */
    private static void onThread(String name, Runnable work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, name);
        thread.start();
        thread.join();
        if (thrown.get() != null) throw new AssertionError("on " + name + ": " + thrown.get(), thrown.get());
    }

    @Test
    void releaseOnTheCleanersThreadFreesInTheDevicesContext() throws Exception {
        CudaDevice device = open();
        DeviceBuffer big = device.allocate(DType.F32, LARGE);
        onThread("cleaner", () -> device.release(big));
        assertEquals(List.of(), driver.violations);
        assertTrue(driver.calls.contains("cuMemFree on cleaner"), "the block was freed there: " + driver.calls);
        device.close();
    }

    @Test
    void everyDriverCallFindsTheContextWhicheverThreadMakesIt() throws Exception {
        CudaDevice device = open();   // this thread: the stream and the pinned staging chunks
        DeviceBuffer a = device.allocate(DType.F32, LARGE);
        DeviceBuffer b = device.allocate(DType.F32, LARGE);
        int[] shape = {LARGE};
        onThread("worker", () -> {
            device.upload(new float[LARGE], 0, a, 0, LARGE);                          // through pinned staging
            device.fill(b, 0, LARGE, 1f);                                             // loads a module, launches
            device.copy(shape, View.contiguous(a, shape), View.contiguous(b, shape)); // device to device
            device.download(b, 0, new float[LARGE], 0, LARGE);                        // waits, copies to the host
            device.release(device.allocate(DType.F32, 3 * LARGE));                   // a new block, freed at once
        });
        onThread("cleaner", () -> {
            device.release(a);
            device.release(b);
        });
        onThread("trainer", device::synchronize);
        onThread("closer", device::close);

        assertEquals(List.of(), driver.violations);
        for (String call : List.of("cuMemcpyHtoDAsync on worker", "cuModuleLoadData on worker", "cuLaunchKernel on worker",
                "cuMemcpyDtoDAsync on worker", "cuMemcpyDtoH on worker", "cuMemAlloc on worker", "cuMemFree on worker",
                "cuMemFree on cleaner", "cuStreamSynchronize on trainer", "cuModuleUnload on closer",
                "cuMemFreeHost on closer", "cuStreamDestroy on closer")) {
            assertTrue(driver.calls.contains(call), call + " was made: " + driver.calls);
        }
    }

    @Test
    void theContextIsMadeCurrentOncePerThread() throws Exception {
        CudaDevice device = open();
        onThread("worker", () -> {
            for (int step = 0; step < 3; step++) {
                DeviceBuffer b = device.allocate(DType.F32, LARGE);
                device.fill(b, 0, LARGE, 2f);
                device.synchronize();
                device.release(b);
            }
        });
        device.close();
        assertEquals(List.of(Thread.currentThread().getName(), "worker"), driver.contextSwitches);
    }

    @Test
    void releaseAfterCloseLeavesTheDriverAlone() throws Exception {
        CudaDevice device = open();
        DeviceBuffer big = device.allocate(DType.F32, LARGE);
        device.close();   // frees the buffer with everything else
        int callsBefore = driver.calls.size();
        onThread("cleaner", () -> device.release(big));
        assertEquals(callsBefore, driver.calls.size());
        assertThrows(IllegalStateException.class, () -> device.allocate(DType.F32, 1));
        assertEquals(List.of(), driver.violations);
    }
}
