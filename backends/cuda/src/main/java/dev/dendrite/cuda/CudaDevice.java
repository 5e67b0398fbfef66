package dev.dendrite.cuda;

import dev.dendrite.config.Setting;
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
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

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
 * Public methods are synchronized. Every driver call goes through {@link CudaContext#driver()},
 * which makes the context current on the calling thread: release() also runs on the tensor
 * layer's Cleaner thread.
 */
public final class CudaDevice extends KernelDevice {
    /** Selects the matmul rung: naive, tiled, regblock or wide (see kernels/README.md). */
    public static final String MATMUL_ENV = Setting.CUDA_MATMUL.env();
    public static final String MATMUL_PROPERTY = Setting.CUDA_MATMUL.property();
    private final int ordinal;
    private final CudaContext context;
    private final CUstream stream = new CUstream();
    private final String description;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final PinnedStaging staging;
    private final KernelModules modules;
    private final Set<CudaBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The GPU chosen by DENDRITE_CUDA_DEVICE (default 0), the matmul rung by DENDRITE_CUDA_MATMUL (default: per shape). */
    public CudaDevice(int ordinal) {
        this(ordinal, MatmulKernel.fromSetting(Setting.CUDA_MATMUL, null));
    }

    /**
     * @param ordinal the GPU's number, from 0
     * @param matmul  the matmul rung, or null for the default (chosen per shape, as on OpenCL)
     */
    public CudaDevice(int ordinal, MatmulKernel matmul) {
        this(NativeCudaDriver.load(), NvrtcCompiler::new, ordinal, matmul);
    }

    /** The device on any driver and compiler: the unit tests pass fakes, to run it without a GPU. */
    CudaDevice(CudaDriver driver, KernelCompiler.Factory compilers, int ordinal, MatmulKernel matmul) {
        super(matmul);
        this.ordinal = ordinal;
        this.context = new CudaContext(driver, ordinal);
        CudaException.check(context.driver().cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        int major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        KernelCompiler compiler = compilers.forDevice(major, minor);
        this.modules = new KernelModules(context, compiler);
        // the free lists keep at most a quarter of the GPU's memory
        this.allocator = new CachingAllocator<>(new DeviceMemory(context), totalMemory() / 4);
        this.staging = new PinnedStaging(context);
        this.description = describe(major, minor, compiler);
    }

    private int attribute(int which) {
        int[] value = {0};
        CudaException.check(context.driver().cuDeviceGetAttribute(value, which, context.device()), "cuDeviceGetAttribute");
        return value[0];
    }

    private long totalMemory() {
        long[] memory = {0};
        CudaException.check(context.driver().cuDeviceTotalMem(memory, context.device()), "cuDeviceTotalMem");
        return memory[0];
    }

    private String describe(int major, int minor, KernelCompiler compiler) {
        byte[] name = new byte[256];
        context.driver().cuDeviceGetName(name, name.length, context.device());
        long memory = totalMemory();
        int[] driver = {0};
        context.driver().cuDriverGetVersion(driver);
        int sms = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        return String.format("CUDA %s (device %d, compute %d.%d, %d SMs, %.1f GiB; driver CUDA %s; %s)",
                CudaProbe.cString(name), ordinal, major, minor, sms, memory / (double) (1L << 30),
                CudaProbe.version(driver[0]), compiler.describe());
    }

    @Override public String name() { return "cuda"; }

    @Override public String description() { return description; }

    // ---------------------------------------------------------------- the launch, for the shared ops

    @Override protected KernelCall call(String family, String kernel) {
        context.checkOpen();
        return new CudaKernelCall(context, modules.function(family, kernel), stream);
    }

    /** Queued on the stream like a kernel; the copy engine does it. */
    @Override protected void copyBytes(KernelBuffer src, long srcByteOffset, KernelBuffer dst, long dstByteOffset, long bytes) {
        CudaException.check(context.driver().cuMemcpyDtoDAsync(((CudaBuffer) dst).pointer.withByteOffset(dstByteOffset),
                ((CudaBuffer) src).pointer.withByteOffset(srcByteOffset), bytes, stream), "cuMemcpyDtoDAsync");
    }

    // ---------------------------------------------------------------- memory

    @Override public synchronized DeviceBuffer allocate(DType dtype, int length) {
        context.checkOpen();   // a cached block would not reach the driver, which checks too
        if (length < 0) throw new IllegalArgumentException("cuda allocate: negative length " + length);
        long bytes = (long) length * dtype.byteSize();
        CudaBuffer b = new CudaBuffer(this, dtype, length, allocator.take(bytes));
        live.add(b);
        return b;
    }

    @Override public synchronized void release(DeviceBuffer buffer) {
        CudaBuffer b = (CudaBuffer) retire(buffer);
        live.remove(b);
        if (!context.isClosed()) allocator.give(b.pointer, b.bytes());   // may free the block: DeviceMemory makes the context current
    }

    @Override public synchronized void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        context.checkOpen();   // an empty upload would not reach the driver
        staging.upload(src, srcOffset, b.pointer, 4L * dstOffset, count, stream);
    }

    @Override public synchronized void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = (CudaBuffer) own(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        context.checkOpen();   // an empty upload would not reach the driver
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
    private void copyToHost(Pointer host, CudaBuffer b, int srcOffset, int count) {
        CudaException.check(context.driver().cuMemcpyDtoH(host, b.pointer.withByteOffset(4L * srcOffset), 4L * count), "cuMemcpyDtoH");
    }

    @Override public synchronized void synchronize() { waitForStream(); }

    private void waitForStream() {
        CudaException.check(context.driver().cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override public synchronized MemoryStats memoryStats() {
        return new MemoryStats(allocator.liveBlocks(), allocator.liveBytes(), allocator.cachedBytes());
    }

    @Override public synchronized void close() {
        if (context.isClosed()) return;
        context.driver().cuStreamSynchronize(stream);
        staging.close();
        modules.close();
        allocator.trim();
        for (CudaBuffer b : live) context.driver().cuMemFree(b.pointer);   // buffers still held are invalid from now on
        live.clear();
        context.driver().cuStreamDestroy(stream);
        context.close();   // releases the primary context: the driver frees what it still holds
    }
}
