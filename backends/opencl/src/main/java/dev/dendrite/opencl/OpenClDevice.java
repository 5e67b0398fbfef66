package dev.dendrite.opencl;

import dev.dendrite.config.Setting;
import static org.jocl.CL.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.kernels.ops.KernelBuffer;
import dev.dendrite.kernels.ops.KernelCall;
import dev.dendrite.kernels.ops.KernelDevice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

/**
 * The OpenCL device: the handwritten kernels of the kernels module, run through JOCL.
 *
 * <ul>
 *   <li>One context and one in-order command queue. Ops only enqueue; the host waits only in
 *       {@link #download} and {@link #synchronize}. Uploads are copied into staging buffers and
 *       enqueued without blocking.</li>
 *   <li>Each kernel family is built once, on first use ({@link Programs}).</li>
 *   <li>Buffers come from a caching allocator ({@link BufferCache}).</li>
 *   <li>The ops themselves are the kernels module's ({@link KernelDevice}), shared with the CUDA
 *       device; this class supplies memory and the launch ({@link ClKernelCall}).</li>
 * </ul>
 * Public methods are synchronized: kernel objects hold their arguments between setArg and
 * enqueue, so two threads must not interleave there.
 */
public final class OpenClDevice extends KernelDevice {
    /** Selects the matmul rung: naive, tiled, regblock, wide, simd or vector (see kernels/README.md). */
    public static final String MATMUL_ENV = Setting.OPENCL_MATMUL.env();
    public static final String MATMUL_PROPERTY = Setting.OPENCL_MATMUL.property();
    /** Staged upload bytes after which the host waits for the queue, to bound staging memory. */
    private static final long MAX_STAGED_BYTES = 64L << 20;

    private final String description;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Programs programs;
    private final BufferCache cache;
    private final Set<ClBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<cl_mem> staged = new ArrayList<>();
    private long stagedBytes;
    private long liveBytes;
    private boolean closed;

    /** The device chosen by DENDRITE_OPENCL_DEVICE, or the default choice (see {@link ClDeviceChoice}). */
    public OpenClDevice() {
        this(ClDeviceChoice.setting(), MatmulKernel.fromSetting(Setting.OPENCL_MATMUL, null));
    }

    /**
     * @param deviceSetting a DENDRITE_OPENCL_DEVICE value, or null for the default choice
     * @param matmul        the matmul rung, or null for the default (the fastest for the shape)
     */
    public OpenClDevice(String deviceSetting, MatmulKernel matmul) {
        this(choose(deviceSetting), matmul, false);
    }

    /**
     * A device for checking kernels under a simulator: every buffer has exactly the size of its
     * tensor, so an access one element past a tensor is past its buffer too.
     */
    static OpenClDevice exactBuffers(String deviceSetting, MatmulKernel matmul) {
        return new OpenClDevice(choose(deviceSetting), matmul, true);
    }

    /** CPU devices get the matmul rungs that suit SIMD lanes (see MatmulOps in the kernels module). */
    private OpenClDevice(ClDeviceChoice.Candidate c, MatmulKernel matmul, boolean exactBuffers) {
        super(matmul, (c.type() & CL_DEVICE_TYPE_CPU) != 0);
        cl_device_id device = c.device();
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, c.platform());
        this.context = clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        @SuppressWarnings("deprecation")
        cl_command_queue q = clCreateCommandQueue(context, device, 0, null);   // in order, no profiling
        this.queue = q;
        this.description = "OpenCL " + c.deviceName() + " (" + c.platformName() + ", "
                + ClDeviceChoice.deviceString(device, CL_DEVICE_VERSION) + ", driver "
                + ClDeviceChoice.deviceString(device, CL_DRIVER_VERSION) + ")";
        this.programs = new Programs(context, device, c.label());
        this.cache = new BufferCache(context, cacheCap(device, (c.type() & CL_DEVICE_TYPE_CPU) != 0), exactBuffers);
    }

    /**
     * What the caching allocator may keep: a quarter of the device's memory, and at most 256 MiB on
     * a CPU device, whose buffers are the host memory the JVM and everything else need too.
     */
    private static long cacheCap(cl_device_id device, boolean cpu) {
        long[] global = new long[1];
        clGetDeviceInfo(device, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(global), null);
        long quarter = Math.max(global[0] / 4, 64L << 20);
        return cpu ? Math.min(quarter, 256L << 20) : quarter;
    }

    private static ClDeviceChoice.Candidate choose(String deviceSetting) {
        CL.setExceptionsEnabled(true);
        return ClDeviceChoice.choose(ClDeviceChoice.enumerate(), deviceSetting);
    }

    @Override public String name() { return "opencl"; }

    @Override public String description() { return description; }

    // ---------------------------------------------------------------- the launch, for the shared ops

    @Override protected KernelCall call(String family, String kernel) {
        checkOpen();
        return new ClKernelCall(queue, programs.kernel(family, kernel), kernel);
    }

    @Override protected void copyBytes(KernelBuffer src, long srcByteOffset, KernelBuffer dst, long dstByteOffset, long bytes) {
        checkOpen();
        clEnqueueCopyBuffer(queue, ((ClBuffer) src).mem, ((ClBuffer) dst).mem, srcByteOffset, dstByteOffset, bytes, 0, null, null);
    }

    /** OpenCL work that code outside Dendrite enqueues itself (a BLAS library, in the bench). */
    @FunctionalInterface
    public interface ForeignWork {
        /** Enqueues on {@code queue}, reading and writing {@code buffers}; must not wait for it. */
        void enqueue(cl_command_queue queue, cl_mem[] buffers);
    }

    /**
     * Lends this device's command queue and the cl_mem of each buffer to {@code work}, under the
     * device's lock. The queue is in order, so the work runs after everything queued before it and
     * before everything queued after, like one of Dendrite's own kernels.
     */
    public synchronized void enqueueForeign(ForeignWork work, DeviceBuffer... buffers) {
        checkOpen();
        cl_mem[] mems = new cl_mem[buffers.length];
        for (int i = 0; i < buffers.length; i++) mems[i] = ((ClBuffer) own(buffers[i], "enqueueForeign")).mem;
        work.enqueue(queue, mems);
    }

    Programs programs() { return programs; }

    /** The device's context (for tests that make buffers of their own). */
    cl_context context() { return context; }

    /** How many cl_mem objects the caching allocator has ever created (flat once a loop is warm). */
    synchronized long createdBuffers() { return cache.created(); }

    // ---------------------------------------------------------------- memory

    @Override public synchronized DeviceBuffer allocate(DType dtype, int length) {
        checkOpen();
        if (length < 0) throw new IllegalArgumentException("opencl allocate: negative length " + length);
        long capacity = cache.capacityFor((long) length * dtype.byteSize());
        ClBuffer b = new ClBuffer(this, dtype, length, cache.take(capacity), capacity);
        live.add(b);
        liveBytes += b.bytes();
        return b;
    }

    @Override public synchronized void release(DeviceBuffer buffer) {
        ClBuffer b = (ClBuffer) retire(buffer);
        live.remove(b);
        liveBytes -= b.bytes();
        if (closed) return;
        cache.give(b.mem, b.capacityBytes);
    }

    @Override public synchronized void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        write(src.length, srcOffset, Pointer.to(src), dst, dstOffset, count);
    }

    @Override public synchronized void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        write(src.length, srcOffset, Pointer.to(src), dst, dstOffset, count);
    }

    /**
     * An upload that does not make the host wait: the driver copies the host array into a fresh
     * staging buffer while we are in the call (CL_MEM_COPY_HOST_PTR), and the queue copies that
     * into {@code dst} in order with the kernels. Why not a non-blocking clEnqueueWriteBuffer: JOCL
     * keeps its host memory alive by waiting for the write's event on a thread of its own, and a
     * driver that is not thread-safe there (Oclgrind) crashes. The staging buffers are released at
     * the next wait, when the copies have surely run.
     */
    private void write(int hostLength, int srcOffset, Pointer host, DeviceBuffer dst, int dstOffset, int count) {
        ClBuffer b = (ClBuffer) own(dst, "upload");
        checkRange("upload", b, dstOffset, count, hostLength, srcOffset);
        if (count == 0) return;
        long bytes = 4L * count;
        if (stagedBytes + bytes > MAX_STAGED_BYTES) finish();
        cl_mem staging = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, host.withByteOffset(4L * srcOffset), null);
        staged.add(staging);
        stagedBytes += bytes;
        clEnqueueCopyBuffer(queue, staging, b.mem, 0, 4L * dstOffset, bytes, 0, null, null);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        read(src, srcOffset, Pointer.to(dst), dst.length, dstOffset, count);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        read(src, srcOffset, Pointer.to(dst), dst.length, dstOffset, count);
    }

    /** A blocking read into a host array of {@code hostLength} 4-byte elements. */
    private void read(DeviceBuffer src, int srcOffset, Pointer host, int hostLength, int dstOffset, int count) {
        ClBuffer b = (ClBuffer) own(src, "download");
        checkRange("download", b, srcOffset, count, hostLength, dstOffset);
        if (count == 0) return;
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 4L * srcOffset, 4L * count, host.withByteOffset(4L * dstOffset), 0, null, null);
        releaseStaged();   // a blocking read on an in-order queue means everything before it has run
    }

    @Override public synchronized void synchronize() {
        checkOpen();
        finish();
    }

    private void finish() {
        clFinish(queue);
        releaseStaged();
    }

    private void releaseStaged() {
        for (cl_mem m : staged) clReleaseMemObject(m);
        staged.clear();
        stagedBytes = 0;
    }

    @Override public synchronized MemoryStats memoryStats() {
        return new MemoryStats(live.size(), liveBytes, cache.cachedBytes());
    }

    @Override public synchronized void close() {
        if (closed) return;
        clFinish(queue);
        releaseStaged();
        cache.clear();
        for (ClBuffer b : live) clReleaseMemObject(b.mem);   // buffers still held are invalid from now on
        programs.close();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
        closed = true;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("opencl: the device is closed");
    }
}
