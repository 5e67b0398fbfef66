package dev.dendrite.cuda;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.MatmulKernel;
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
 *   <li>The ops launch the same kernels, with the same arguments and the same geometry
 *       (dev.dendrite.kernels.LaunchGeometry), as the OpenCL device.</li>
 * </ul>
 * Public methods are synchronized, and each makes the context current on the calling thread.
 */
public final class CudaDevice implements Device {
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

    private final ElementwiseOps elementwise = new ElementwiseOps(this);
    private final ReduceOps reductions = new ReduceOps(this);
    private final MatmulOps matmuls;
    private final ConvOps convolutions = new ConvOps(this);
    private final PoolOps pooling = new PoolOps(this);
    private final IndexOps indexing = new IndexOps(this);
    private final UpdateOps updates = new UpdateOps(this);

    /** The GPU chosen by DENDRITE_CUDA_DEVICE (default 0), the matmul rung by DENDRITE_CUDA_MATMUL (default: per shape). */
    public CudaDevice(int ordinal) {
        this(ordinal, MatmulKernel.fromSetting(MATMUL_PROPERTY, MATMUL_ENV, null));
    }

    /**
     * @param ordinal the GPU's number, from 0
     * @param matmul  the matmul rung, or null for the default (chosen per shape, as on OpenCL)
     */
    public CudaDevice(int ordinal, MatmulKernel matmul) {
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
        });
        this.staging = new PinnedStaging();
        this.description = describe(major, minor, compiler.target());
        this.matmuls = new MatmulOps(this, matmul);
    }

    private int attribute(int which) {
        int[] value = {0};
        CudaException.check(JCudaDriver.cuDeviceGetAttribute(value, which, device), "cuDeviceGetAttribute");
        return value[0];
    }

    private String describe(int major, int minor, String target) {
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        long[] memory = {0};
        JCudaDriver.cuDeviceTotalMem(memory, device);
        int[] driver = {0};
        JCudaDriver.cuDriverGetVersion(driver);
        int[] nvrtcMajor = {0}, nvrtcMinor = {0};
        JNvrtc.nvrtcVersion(nvrtcMajor, nvrtcMinor);
        int sms = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        return String.format("CUDA %s (device %d, compute %d.%d, %d SMs, %.1f GiB; driver CUDA %s; NVRTC %d.%d -> %s)",
                CudaProbe.cString(name), ordinal, major, minor, sms, memory[0] / (double) (1L << 30),
                CudaProbe.version(driver[0]), nvrtcMajor[0], nvrtcMinor[0], target);
    }

    @Override public String name() { return "cuda"; }

    @Override public String description() { return description; }

    // ---------------------------------------------------------------- plumbing for the ops

    /** Kernel {@code kernel} of {@code family}.cl, ready to take arguments. */
    CudaKernelCall call(String family, String kernel) {
        enter();
        return new CudaKernelCall(modules.function(family, kernel), stream);
    }

    /** The CUDA buffer behind {@code b}; fails clearly on a foreign or released buffer. */
    CudaBuffer cuda(DeviceBuffer b, String op) {
        if (!(b instanceof CudaBuffer cb) || cb.device() != this) {
            throw new IllegalArgumentException("cuda " + op + ": buffer " + b + " does not belong to this device");
        }
        if (cb.released) throw new IllegalStateException("cuda " + op + ": buffer " + b + " was already released");
        return cb;
    }

    /** The matmul ops, which the convolution ops call for their im2col products. */
    MatmulOps matmulOps() { return matmuls; }

    /** The reduction ops, which the convolution ops call for the weight gradient's batch sum. */
    ReduceOps reduceOps() { return reductions; }

    /** A dense copy of {@code bytes} between two buffers, queued on the stream (the copy engine does it). */
    void copyBytes(CudaBuffer src, CudaBuffer dst, long srcByteOffset, long dstByteOffset, long bytes) {
        enter();
        CudaException.check(JCudaDriver.cuMemcpyDtoDAsync(dst.pointer.withByteOffset(dstByteOffset),
                src.pointer.withByteOffset(srcByteOffset), bytes, stream), "cuMemcpyDtoDAsync");
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
        CudaBuffer b = cuda(buffer, "release");
        b.released = true;
        live.remove(b);
        if (!closed) allocator.give(b.pointer, b.bytes());
    }

    @Override public synchronized void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = cuda(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        enter();
        staging.upload(src, srcOffset, b.pointer, 4L * dstOffset, count, stream);
    }

    @Override public synchronized void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        CudaBuffer b = cuda(dst, "upload");
        checkRange("upload", b, dstOffset, count, src.length, srcOffset);
        enter();
        staging.upload(src, srcOffset, b.pointer, 4L * dstOffset, count, stream);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        CudaBuffer b = cuda(src, "download");
        checkRange("download", b, srcOffset, count, dst.length, dstOffset);
        waitForStream();
        if (count > 0) copyToHost(Pointer.to(dst).withByteOffset(4L * dstOffset), b, srcOffset, count);
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        CudaBuffer b = cuda(src, "download");
        checkRange("download", b, srcOffset, count, dst.length, dstOffset);
        waitForStream();
        if (count > 0) copyToHost(Pointer.to(dst).withByteOffset(4L * dstOffset), b, srcOffset, count);
    }

    /** A synchronous copy after the stream has drained: the host needs the values now anyway. */
    private static void copyToHost(Pointer host, CudaBuffer b, int srcOffset, int count) {
        CudaException.check(JCudaDriver.cuMemcpyDtoH(host, b.pointer.withByteOffset(4L * srcOffset), 4L * count), "cuMemcpyDtoH");
    }

    private static void checkRange(String op, CudaBuffer b, int offset, int count, int hostLength, int hostOffset) {
        if (offset < 0 || count < 0 || (long) offset + count > b.length()) {
            throw new IndexOutOfBoundsException("cuda " + op + ": elements [" + offset + ", " + ((long) offset + count)
                    + ") are outside the buffer of " + b.length());
        }
        if (hostOffset < 0 || (long) hostOffset + count > hostLength) {
            throw new IndexOutOfBoundsException("cuda " + op + ": elements [" + hostOffset + ", " + ((long) hostOffset + count)
                    + ") are outside the host array of " + hostLength);
        }
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

    // ---------------------------------------------------------------- ops (the OpenCL device's op classes, see OpsMirrorTest)

    @Override public synchronized void fill(DeviceBuffer dst, int offset, int count, float value) {
        elementwise.fill(dst, offset, count, value);
    }

    @Override public synchronized void copy(int[] shape, View src, View dst) {
        elementwise.copy(shape, src, dst);
    }

    @Override public synchronized void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst) {
        elementwise.unary(op, alpha, shape, src, dst);
    }

    @Override public synchronized void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst) {
        elementwise.binary(op, shape, a, b, dst);
    }

    @Override public synchronized void where(int[] shape, View cond, View a, View b, DeviceBuffer dst) {
        elementwise.where(shape, cond, a, b, dst);
    }

    @Override public synchronized void reduce(ReduceOp op, DeviceBuffer src, int outer, int len, int inner, DeviceBuffer dst) {
        reductions.reduce(op, src, outer, len, inner, dst);
    }

    @Override public synchronized void softmax(DeviceBuffer src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        reductions.softmax(src, outer, len, inner, log, dst);
    }

    @Override public synchronized void matmul(MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset,
                                              DeviceBuffer c) {
        matmuls.matmul(shape, a, aOffset, b, bOffset, c);
    }

    /** Runs one named rung of the matmul ladder regardless of the default (benchmarks, tests of the ladder). */
    public synchronized void matmul(MatmulKernel rung, MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b,
                                    int bOffset, DeviceBuffer c) {
        matmuls.matmul(rung, shape, a, aOffset, b, bOffset, c);
    }

    /** The matmul rung in use, or null when it is chosen per shape. */
    public synchronized MatmulKernel matmulKernel() { return matmuls.fixed(); }

    @Override public synchronized void conv2d(Conv2dShape shape, DeviceBuffer input, DeviceBuffer weight, DeviceBuffer bias,
                                              DeviceBuffer output) {
        convolutions.forward(shape, input, weight, bias, output);
    }

    @Override public synchronized void conv2dBackwardInput(Conv2dShape shape, DeviceBuffer gradOutput, DeviceBuffer weight,
                                                           DeviceBuffer gradInput) {
        convolutions.backwardInput(shape, gradOutput, weight, gradInput);
    }

    @Override public synchronized void conv2dBackwardWeight(Conv2dShape shape, DeviceBuffer input, DeviceBuffer gradOutput,
                                                            DeviceBuffer gradWeight) {
        convolutions.backwardWeight(shape, input, gradOutput, gradWeight);
    }

    @Override public synchronized void maxPool2d(Pool2dShape shape, DeviceBuffer input, DeviceBuffer output, DeviceBuffer argmax) {
        pooling.maxForward(shape, input, output, argmax);
    }

    @Override public synchronized void maxPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer argmax,
                                                         DeviceBuffer gradInput) {
        pooling.maxBackward(shape, gradOutput, argmax, gradInput);
    }

    @Override public synchronized void avgPool2d(Pool2dShape shape, DeviceBuffer input, DeviceBuffer output) {
        pooling.avgForward(shape, input, output);
    }

    @Override public synchronized void avgPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        pooling.avgBackward(shape, gradOutput, gradInput);
    }

    @Override public synchronized void indexSelect(DeviceBuffer src, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                   DeviceBuffer dst) {
        indexing.indexSelect(src, outer, len, inner, idx, count, dst);
    }

    @Override public synchronized void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                DeviceBuffer src) {
        indexing.indexAdd(dst, outer, len, inner, idx, count, src);
    }

    @Override public synchronized void gather(DeviceBuffer src, int outer, int len, int inner, DeviceBuffer idx, int count,
                                              DeviceBuffer dst) {
        indexing.gather(src, outer, len, inner, idx, count, dst);
    }

    @Override public synchronized void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count,
                                                  DeviceBuffer src) {
        indexing.scatterAdd(dst, outer, len, inner, idx, count, src);
    }

    @Override public synchronized void random(DeviceBuffer dst, int count, Distribution distribution, long seed,
                                              long counterOffset, float a, float b) {
        updates.random(dst, count, distribution, seed, counterOffset, a, b);
    }

    @Override public synchronized void sgdUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count,
                                                 SgdParams p) {
        updates.sgd(param, grad, velocity, count, p);
    }

    @Override public synchronized void adamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count,
                                                  AdamParams p) {
        updates.adam(param, grad, m, v, count, p);
    }

    @Override public synchronized void rmspropUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg,
                                                     DeviceBuffer momentumBuffer, int count, RmspropParams p) {
        updates.rmsprop(param, grad, squareAvg, momentumBuffer, count, p);
    }

    @Override public String toString() { return description; }
}
