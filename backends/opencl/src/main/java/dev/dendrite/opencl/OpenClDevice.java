package dev.dendrite.opencl;

import static org.jocl.CL.*;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

/**
 * The OpenCL device: the handwritten kernels of the kernels module, run through JOCL.
 *
 * <ul>
 *   <li>One context and one in-order command queue. Ops only enqueue; the host waits only in
 *       {@link #download} and {@link #synchronize}. Uploads are staged in direct memory and
 *       enqueued without blocking.</li>
 *   <li>Each kernel family is built once, on first use ({@link Programs}).</li>
 *   <li>Buffers come from a caching allocator ({@link BufferCache}).</li>
 *   <li>The ops themselves live in one class per family (ElementwiseOps, ReduceOps, ...).</li>
 * </ul>
 * Public methods are synchronized: kernel objects hold their arguments between setArg and
 * enqueue, so two threads must not interleave there.
 */
public final class OpenClDevice implements Device {
    /** Selects the matmul rung: naive, tiled, regblock, wide or simd (see kernels/README.md). */
    public static final String MATMUL_ENV = "DENDRITE_OPENCL_MATMUL";
    public static final String MATMUL_PROPERTY = "dendrite.opencl.matmul";
    /** Staged upload bytes after which the host waits for the queue, to bound pinned memory. */
    private static final long MAX_STAGED_BYTES = 64L << 20;

    private final String description;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Programs programs;
    private final BufferCache cache;
    private final Set<ClBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<ByteBuffer> staged = new ArrayList<>();
    private long stagedBytes;
    private long liveBytes;
    private boolean closed;

    private final ElementwiseOps elementwise = new ElementwiseOps(this);
    private final ReduceOps reductions = new ReduceOps(this);
    private final MatmulOps matmuls;
    private final ConvOps convolutions = new ConvOps(this);
    private final PoolOps pooling = new PoolOps(this);
    private final IndexOps indexing = new IndexOps(this);
    private final UpdateOps updates = new UpdateOps(this);

    /** The device chosen by DENDRITE_OPENCL_DEVICE, or the default choice (see {@link ClDeviceChoice}). */
    public OpenClDevice() {
        this(ClDeviceChoice.setting(), MatmulKernel.fromSetting(MATMUL_PROPERTY, MATMUL_ENV, null));
    }

    /**
     * @param deviceSetting a DENDRITE_OPENCL_DEVICE value, or null for the default choice
     * @param matmul        the matmul rung, or null for the default (the fastest for the shape)
     */
    public OpenClDevice(String deviceSetting, MatmulKernel matmul) {
        CL.setExceptionsEnabled(true);
        ClDeviceChoice.Candidate c = ClDeviceChoice.choose(ClDeviceChoice.enumerate(), deviceSetting);
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
        this.cache = new BufferCache(context);
        this.matmuls = new MatmulOps(this, matmul, (c.type() & CL_DEVICE_TYPE_CPU) != 0);
    }

    @Override public String name() { return "opencl"; }

    @Override public String description() { return description; }

    /** The matmul rung in use, or null when it is chosen per shape. */
    public synchronized MatmulKernel matmulKernel() { return matmuls.fixed(); }

    // ---------------------------------------------------------------- plumbing for the op classes

    KernelCall call(String family, String kernel) {
        checkOpen();
        return new KernelCall(queue, programs.kernel(family, kernel));
    }

    /** The cl_mem behind a buffer of this device; fails clearly on a foreign or released buffer. */
    ClBuffer cl(DeviceBuffer b, String op) {
        if (!(b instanceof ClBuffer cb) || cb.device() != this) {
            throw new IllegalArgumentException("opencl " + op + ": buffer " + b + " does not belong to this device");
        }
        if (cb.released) throw new IllegalStateException("opencl " + op + ": buffer " + b + " was already released");
        return cb;
    }

    Programs programs() { return programs; }

    MatmulOps matmulOps() { return matmuls; }

    ReduceOps reduceOps() { return reductions; }

    /** The column-matrix budget of convolutions, in values (tests shrink it to force batch chunks). */
    synchronized long convBudget(long values) {
        long old = convolutions.colBudget;
        convolutions.colBudget = values;
        return old;
    }

    cl_command_queue queue() { return queue; }

    /** How many cl_mem objects the caching allocator has ever created (flat once a loop is warm). */
    synchronized long createdBuffers() { return cache.created(); }

    // ---------------------------------------------------------------- memory

    @Override public synchronized DeviceBuffer allocate(DType dtype, int length) {
        checkOpen();
        if (length < 0) throw new IllegalArgumentException("opencl allocate: negative length " + length);
        long capacity = BufferCache.bucket((long) length * dtype.byteSize());
        ClBuffer b = new ClBuffer(this, dtype, length, cache.take(capacity), capacity);
        live.add(b);
        liveBytes += b.bytes();
        return b;
    }

    @Override public synchronized void release(DeviceBuffer buffer) {
        ClBuffer b = cl(buffer, "release");
        b.released = true;
        live.remove(b);
        liveBytes -= b.bytes();
        if (closed) return;
        cache.give(b.mem, b.capacityBytes);
    }

    @Override public synchronized void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        ClBuffer b = cl(dst, "upload");
        checkRange("upload", b, dstOffset, count);
        if (count == 0) return;
        ByteBuffer bytes = stage(count);
        bytes.asFloatBuffer().put(src, srcOffset, count);
        enqueueStaged(b, dstOffset, bytes);
    }

    @Override public synchronized void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        ClBuffer b = cl(dst, "upload");
        checkRange("upload", b, dstOffset, count);
        if (count == 0) return;
        ByteBuffer bytes = stage(count);
        bytes.asIntBuffer().put(src, srcOffset, count);
        enqueueStaged(b, dstOffset, bytes);
    }

    /** Non-blocking writes need host memory that stays put until the copy ran: a direct buffer, kept until the next wait. */
    private ByteBuffer stage(int count) {
        if (stagedBytes + 4L * count > MAX_STAGED_BYTES) finish();
        return ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder());
    }

    private void enqueueStaged(ClBuffer dst, int dstOffset, ByteBuffer bytes) {
        clEnqueueWriteBuffer(queue, dst.mem, CL_FALSE, 4L * dstOffset, bytes.capacity(), Pointer.to(bytes), 0, null, null);
        staged.add(bytes);
        stagedBytes += bytes.capacity();
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        ClBuffer b = cl(src, "download");
        checkRange("download", b, srcOffset, count);
        if (count == 0) return;
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 4L * srcOffset, 4L * count, Pointer.to(dst).withByteOffset(4L * dstOffset),
                0, null, null);
        releaseStaged();   // a blocking read on an in-order queue means everything before it has run
    }

    @Override public synchronized void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        ClBuffer b = cl(src, "download");
        checkRange("download", b, srcOffset, count);
        if (count == 0) return;
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 4L * srcOffset, 4L * count, Pointer.to(dst).withByteOffset(4L * dstOffset),
                0, null, null);
        releaseStaged();
    }

    private static void checkRange(String op, ClBuffer b, int offset, int count) {
        if (offset < 0 || count < 0 || (long) offset + count > b.length()) {
            throw new IndexOutOfBoundsException("opencl " + op + ": elements [" + offset + ", " + ((long) offset + count)
                    + ") are outside the buffer of " + b.length());
        }
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

    // ---------------------------------------------------------------- ops (see the *Ops classes)

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

    /** Runs one named rung regardless of the default (benchmarks and tests of the ladder). */
    public synchronized void matmul(MatmulKernel rung, MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b,
                                    int bOffset, DeviceBuffer c) {
        matmuls.matmul(rung, shape, a, aOffset, b, bOffset, c);
    }

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
