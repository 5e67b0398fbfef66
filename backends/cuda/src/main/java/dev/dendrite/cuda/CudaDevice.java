package dev.dendrite.cuda;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.kernels.ops.KernelBuffer;
import dev.dendrite.kernels.ops.KernelCall;
import dev.dendrite.kernels.ops.KernelDevice;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.nvrtc.JNvrtc;

/**
 * The CUDA device: the kernels of the kernels module, compiled by NVRTC behind cuda_prelude.h and
 * run through JCuda's driver API.
 *
 * <ul>
 *   <li>One context (the GPU's primary context) and one stream. Ops only queue work on the
 *       stream; the host waits only in {@link #download} and {@link #synchronize}. Uploads go
 *       through pinned staging memory, so they are queued without waiting too.</li>
 *   <li>Each kernel file is compiled once, on first use, to the GPU's own machine code
 *       ({@link KernelModules}, {@link NvrtcCompiler}).</li>
 *   <li>Buffers come from a caching allocator ({@link CachingAllocator}).</li>
 *   <li>The ops are the kernels module's ({@link KernelDevice}), shared with the OpenCL device:
 *       the same kernels, arguments and geometry. This class supplies memory and the launch
 *       ({@link CudaKernelCall}).</li>
 * </ul>
 * Public methods are synchronized, and each makes the context current on the calling thread.
 */
public final class CudaDevice extends KernelDevice {
    /** Selects the matmul rung: naive, tiled, regblock or wide (see kernels/README.md). */
    public static final String MATMUL_ENV = "DENDRITE_CUDA_MATMUL";
    public static final String MATMUL_PROPERTY = "dendrite.cuda.matmul";
    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String description;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final PinnedStaging staging;
    private final KernelModules modules;
    private final Set<CudaBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** The GPU chosen by DENDRITE_CUDA_DEVICE (default 0), the matmul rung by DENDRITE_CUDA_MATMUL (default: per shape). */
    public CudaDevice(int ordinal) {
        this(ordinal, MatmulKernel.fromSetting(MATMUL_PROPERTY, MATMUL_ENV, null));
    }

    /**
     * @param ordinal the GPU's number, from 0
     * @param matmul  the matmul rung, or null for the default (chosen per shape, as on OpenCL)
     */
    public CudaDevice(int ordinal, MatmulKernel matmul) {
        super(matmul);
        String reason = CudaProbe.unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        this.ordinal = ordinal;
        JCudaDriver.setExceptionsEnabled(false);
        int[] count = {0};
        CudaException.check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new IllegalArgumentException("cuda: no device " + ordinal + "; this machine has " + count[0]
                    + " (choose with " + CudaDeviceProvider.ORDINAL_ENV + ")");
        }
        CudaException.check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        CudaException.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        CudaException.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        CudaException.check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        int major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        NvrtcCompiler compiler = new NvrtcCompiler(major, minor);
        this.modules = new KernelModules(compiler);
        this.allocator = new CachingAllocator<>(new CachingAllocator.Backend<>() {
            @Override public CUdeviceptr allocate(long bytes) {
                CUdeviceptr p = new CUdeviceptr();
                int status = JCudaDriver.cuMemAlloc(p, bytes);
                if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
                CudaException.check(status, "cuMemAlloc(" + bytes + ")");
                return p;
            }

            @Override public void free(CUdeviceptr block) {
                CudaException.check(JCudaDriver.cuMemFree(block), "cuMemFree");
            }
        }, totalMemory() / 4); // the free lists keep at most a quarter of the GPU's memory
        this.staging = new PinnedStaging();
        this.description = describe(major, minor, compiler.target());
    }

    private int attribute(int which) {
        int[] value = {0};
        CudaException.check(JCudaDriver.cuDeviceGetAttribute(value, which, device), "cuDeviceGetAttribute");
        return value[0];
    }

    private long totalMemory() {
        long[] memory = {0};
        CudaException.check(JCudaDriver.cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
        return memory[0];
    }

    private String describe(int major, int minor, String target) {
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        long memory = totalMemory();
        int[] driver = {0};
        JCudaDriver.cuDriverGetVersion(driver);
        int[] nvrtcMajor = {0}, nvrtcMinor = {0};
        JNvrtc.nvrtcVersion(nvrtcMajor, nvrtcMinor);
        int sms = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        return String.format("CUDA %s (device %d, compute %d.%d, %d SMs, %.1f GiB; driver CUDA %s; NVRTC %d.%d -> %s)",
                CudaProbe.cString(name), ordinal, major, minor, sms, memory / (double) (1L << 30),
                CudaProbe.version(driver[0]), nvrtcMajor[0], nvrtcMinor[0], target);
    }

    @Override public String name() { return "cuda"; }

    @Override public String description() { return description; }

    // ---------------------------------------------------------------- the launch, for the shared ops

    @Override protected KernelCall call(String family, String kernel) {
        enter();
        return new CudaKernelCall(modules.function(family, kernel), stream);
    }

    /** Queued on the stream like a kernel; the copy engine does it. */
    @Override protected void copyBytes(KernelBuffer src, long srcByteOffset, KernelBuffer dst, long dstByteOffset, long bytes) {
        enter();
        CudaException.check(JCudaDriver.cuMemcpyDtoDAsync(((CudaBuffer) dst).pointer.withByteOffset(dstByteOffset),
                ((CudaBuffer) src).pointer.withByteOffset(srcByteOffset), bytes, stream), "cuMemcpyDtoDAsync");
    }

    /** Makes the context current on this thread (CUDA contexts are per thread); fails once closed. */
    private void enter() {
        if (closed) throw new IllegalStateException("cuda: the device is closed");
        CudaException.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    // ---------------------------------------------------------------- memory

    @Override public synchronized DeviceBuffer allocate(DType dtype, int length) {
        enter();
        if (length < 0) throw new IllegalArgumentException("cuda allocate: negative length " + length);
        long bytes = (long) length * dtype.byteSize();
        CudaBuffer b = new CudaBuffer(this, dtype, length, allocator.take(bytes));
        live.add(b);
        return b;
    }

    @Override public synchronized void release(DeviceBuffer buffer) {
        CudaBuffer b = (CudaBuffer) retire(buffer);
        live.remove(b);
        if (!closed) allocator.give(b.pointer, b.bytes());
    }

    @Override public synchronized void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        enter();
        staging.upload(src, srcOffset, b.pointer, 4L * dstOffset, count, stream);
    }

    @Override public synchronized void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        enter();
        staging.upload(src, srcOffset, b.pointer, 4L * dstOffset, count, stream);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(src, "download");
        checkRange("download", b, srcOffset, count, dst.length, dstOffset);
        waitForStream();
        if (count > 0) copyToHost(Pointer.to(dst).withByteOffset(4L * dstOffset), b, srcOffset, count);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(src, "download");
        checkRange("download", b, srcOffset, count, dst.length, dstOffset);
        waitForStream();
        if (count > 0) copyToHost(Pointer.to(dst).withByteOffset(4L * dstOffset), b, srcOffset, count);
    }

    /** A synchronous copy after the stream has drained: the host needs the values now anyway. */
    private static void copyToHost(Pointer host, CudaBuffer b, int srcOffset, int count) {
        CudaException.check(JCudaDriver.cuMemcpyDtoH(host, b.pointer.withByteOffset(4L * srcOffset), 4L * count), "cuMemcpyDtoH");
    }

    @Override public synchronized void synchronize() { waitForStream(); }

    private void waitForStream() {
        enter();
        CudaException.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override public synchronized MemoryStats memoryStats() {
        return new MemoryStats(allocator.liveBlocks(), allocator.liveBytes(), allocator.cachedBytes());
    }

    @Override public synchronized void close() {
        if (closed) return;
        enter();
        JCudaDriver.cuStreamSynchronize(stream);
        staging.close();
        modules.close();
        allocator.trim();
        for (CudaBuffer b : live) JCudaDriver.cuMemFree(b.pointer);   // buffers still held are invalid from now on
        live.clear();
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);   // the driver frees what the context still holds
        closed = true;
    }
}
