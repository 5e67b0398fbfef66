package dev.dendrite.javadevice;

import dev.dendrite.config.Setting;
import dev.dendrite.device.AdamParams;
import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.device.Philox;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.internal.MergedDims;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pure-Java device: the reference every other device is compared with, and the default.
 *
 * <p>Buffers are Java arrays ({@link JavaBuffer}); every op runs synchronously on the calling
 * thread, split across the device's threads when the work is large. This class only checks
 * arguments and hands each op family to its own small class: {@link Elementwise} (through
 * {@link StridedLoop}), {@link Reductions}, {@link Softmax}, {@link Matmul}, {@link Convolution},
 * {@link Pooling}, {@link Indexing}, {@link OptimizerUpdates}, and {@link Philox} for random numbers.
 */
public final class JavaDevice implements Device {

    /**
     * How the device runs: {@code vector} selects the Vector API kernels (requires the
     * jdk.incubator.vector module), {@code threads} how many threads large ops are split across.
     * Tests use these to compare the vector path with the scalar one. {@code vectorRowsAfter}: how
     * many floats each elementwise row kernel processes with its scalar loop before it switches to
     * the Vector API ({@link ScalarFirstRowKernels}; 0: vector from the first call).
     */
    public record Options(boolean vector, int threads, long vectorRowsAfter) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("java device: threads must be >= 1, got " + threads);
            if (vectorRowsAfter < 0) {
                throw new IllegalArgumentException("java device: vectorRowsAfter (" + Setting.VECTOR_ROWS_AFTER.env()
                        + " / -D" + Setting.VECTOR_ROWS_AFTER.property() + ") must be >= 0, got " + vectorRowsAfter);
            }
        }

        /** The row kernels' switch after {@link Setting#VECTOR_ROWS_AFTER} floats. */
        public Options(boolean vector, int threads) {
            this(vector, threads, Setting.VECTOR_ROWS_AFTER.intValue());
        }

        /** The Vector API when its module is present, one thread per available processor. */
        public static Options defaults() {
            return new Options(vectorApiAvailable(), Runtime.getRuntime().availableProcessors());
        }

        /** Plain scalar Java, one thread: the simplest path. */
        public static Options scalar() { return new Options(false, 1); }
    }

    /** Elementwise work is split across threads only above this many elements. */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    private final Options options;
    private final Parallel parallel;
    private final Gemm gemm;
    private final Convolution convolution;
    private final MaxPoolForward maxPool;
    /** Dense NCHW planes for conv and pooling inputs given as strided views. */
    private final DensePlanes planes;
    private final RowKernels rows;
    /**
     * Released arrays for reuse: up to 3/8 of the heap (see {@link ArrayPool}). The GPT example's
     * step releases 130-200 MB before it allocates the same shapes again; with a quarter of its 512 MB
     * heap the pool missed 9 GB an epoch, with half the pooled arrays left the young generation too
     * little room and the collector ran 3,700 times an epoch.
     */
    private final ArrayPool pool = new ArrayPool(Runtime.getRuntime().maxMemory() / 8 * 3);
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();

    public JavaDevice() { this(Options.defaults()); }

    public JavaDevice(Options options) {
        if (options.vector() && !vectorApiAvailable()) {
            throw new IllegalArgumentException("java device: the Vector API was requested but the module "
                    + "jdk.incubator.vector is not present (run with --add-modules jdk.incubator.vector)");
        }
        this.options = options;
        this.parallel = new Parallel(options.threads());
        MicroKernel kernel = options.vector() ? MicroKernels.vector() : MicroKernels.scalar();
        MicroKernel alternate = options.vector() ? MicroKernels.vectorAlternate() : null;
        this.gemm = new Gemm(kernel, alternate);
        // Compiles the kernels while the program still reads its data (once per JVM, on a daemon thread).
        if (options.vector()) KernelWarmUp.start(kernel, alternate);
        this.rows = !options.vector() ? RowKernels.SCALAR
                : options.vectorRowsAfter() == 0 ? MicroKernels.vectorRows()
                : new ScalarFirstRowKernels(MicroKernels.vectorRows(), options.vectorRowsAfter());
        this.convolution = new Convolution(gemm, parallel, rows);
        this.maxPool = options.vector() ? MicroKernels.vectorMaxPool() : Pooling::maxForward;
        this.planes = new DensePlanes(pool, parallel);
        MicroKernels.logChoice(kernel, options.threads());
    }

    /**
     * The JVM flag the vector path wants on Java 17, {@code -XX:PerMethodTrapLimit=100000}: without it
     * C2 may compile the Vector API code boxed for a whole run (the device warns once; see
     * docs/ARCHITECTURE.md, "JDK 17 and the Vector API"). Programs that start JVMs pass it on.
     */
    public static final String TRAP_LIMIT_FLAG = "-XX:PerMethodTrapLimit=100000";

    /** True when the jdk.incubator.vector module is in the boot layer. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    public Options options() { return options; }

    @Override public String name() { return "java"; }

    @Override public String description() {
        return "java (pure Java, " + gemm.description() + ", "
                + options.threads() + (options.threads() == 1 ? " thread)" : " threads)");
    }

    // ---------------------------------------------------------------- memory

    @Override public DeviceBuffer allocate(DType dtype, int length) {
        if (dtype == null) throw new NullPointerException("allocate: dtype is null");
        if (length < 0) throw new IllegalArgumentException("allocate: negative length " + length);
        JavaBuffer buffer;
        if (dtype == DType.F32) {
            float[] reused = pool.takeFloats(length);
            buffer = new JavaBuffer(this, reused != null ? reused : new float[length], null);
        } else {
            int[] reused = pool.takeInts(length);
            buffer = new JavaBuffer(this, null, reused != null ? reused : new int[length]);
        }
        liveBuffers.incrementAndGet();
        liveBytes.addAndGet(buffer.bytes());
        allocatedBytes.addAndGet(buffer.bytes());
        return buffer;
    }

    /**
     * Bytes of every buffer handed out since this device was made, reused or not: the allocation
     * churn of a workload (tests use it to check that a backward pass allocates in proportion to
     * its input, not more).
     */
    public long allocatedBytes() { return allocatedBytes.get(); }

    @Override public void release(DeviceBuffer buffer) {
        JavaBuffer jb = JavaBuffer.of(buffer, "release");
        if (jb.device() != this) throw new IllegalArgumentException("release: buffer belongs to another java device");
        synchronized (jb) {
            if (jb.isReleased()) throw new IllegalStateException("release: " + jb + " was already released");
            jb.markReleased();
        }
        if (jb.dtype() == DType.F32) pool.give(jb.floatsOfReleased());
        else pool.give(jb.intsOfReleased());
        liveBuffers.decrementAndGet();
        liveBytes.addAndGet(-jb.bytes());
    }

    @Override public void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        float[] d = JavaBuffer.floats(dst, "upload");
        Checks.range("upload", "source array", src.length, srcOffset, count);
        Checks.range("upload", "destination", d.length, dstOffset, count);
        System.arraycopy(src, srcOffset, d, dstOffset, count);
    }

    @Override public void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        int[] d = JavaBuffer.ints(dst, "upload");
        Checks.range("upload", "source array", src.length, srcOffset, count);
        Checks.range("upload", "destination", d.length, dstOffset, count);
        System.arraycopy(src, srcOffset, d, dstOffset, count);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        float[] s = JavaBuffer.floats(src, "download");
        Checks.range("download", "source", s.length, srcOffset, count);
        Checks.range("download", "destination array", dst.length, dstOffset, count);
        System.arraycopy(s, srcOffset, dst, dstOffset, count);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        int[] s = JavaBuffer.ints(src, "download");
        Checks.range("download", "source", s.length, srcOffset, count);
        Checks.range("download", "destination array", dst.length, dstOffset, count);
        System.arraycopy(s, srcOffset, dst, dstOffset, count);
    }

    /** Nothing to wait for: every op has finished when it returns. */
    @Override public void synchronize() {}

    @Override public MemoryStats memoryStats() {
        return new MemoryStats(liveBuffers.get(), liveBytes.get(), pool.bytes());
    }

    @Override public void close() {
        parallel.shutdown();
        pool.clear();
    }

    // ---------------------------------------------------------------- data movement

    @Override public void fill(DeviceBuffer dst, int offset, int count, float value) {
        JavaBuffer jb = JavaBuffer.of(dst, "fill");
        Checks.range("fill", "destination", jb.length(), offset, count);
        if (jb.dtype() == DType.F32) Arrays.fill(jb.floats(), offset, offset + count, value);
        else Arrays.fill(jb.ints(), offset, offset + count, (int) value);
    }

    @Override public void copy(int[] shape, View src, View dst) {
        JavaBuffer s = JavaBuffer.of(src.buffer(), "copy"), d = JavaBuffer.of(dst.buffer(), "copy");
        Checks.view("copy", "source", s.length(), shape, src);
        Checks.view("copy", "destination", d.length(), shape, dst);
        if (s.dtype() == DType.F32 && d.dtype() == DType.F32) {
            MergedDims walk = MergedDims.of(shape, src.strides(), dst.strides());
            if (TransposedCopy.fits(walk)) {
                TransposedCopy.run(parallel, walk, s.floats(), src.offset(), d.floats(), dst.offset());
                return;
            }
        }
        StridedLoop loop = new StridedLoop(shape, new int[][] {src.strides(), dst.strides()},
                new int[] {src.offset(), dst.offset()});
        StridedLoop.Row row = copyRow(s, d);
        run(loop, row);
    }

    private static StridedLoop.Row copyRow(JavaBuffer s, JavaBuffer d) {
        if (s.dtype() == DType.F32 && d.dtype() == DType.F32) {
            float[] x = s.floats(), y = d.floats();
            return (n, off, step) -> {
                if (step[0] == 1 && step[1] == 1) System.arraycopy(x, off[0], y, off[1], n);
                else for (int i = 0; i < n; i++) y[off[1] + i * step[1]] = x[off[0] + i * step[0]];
            };
        } else if (s.dtype() == DType.I32 && d.dtype() == DType.I32) {
            int[] x = s.ints(), y = d.ints();
            return (n, off, step) -> {
                if (step[0] == 1 && step[1] == 1) System.arraycopy(x, off[0], y, off[1], n);
                else for (int i = 0; i < n; i++) y[off[1] + i * step[1]] = x[off[0] + i * step[0]];
            };
        } else if (s.dtype() == DType.F32) { // float to int truncates toward zero (NaN becomes 0)
            float[] x = s.floats();
            int[] y = d.ints();
            return (n, off, step) -> { for (int i = 0; i < n; i++) y[off[1] + i * step[1]] = (int) x[off[0] + i * step[0]]; };
        } else {
            int[] x = s.ints();
            float[] y = d.floats();
            return (n, off, step) -> { for (int i = 0; i < n; i++) y[off[1] + i * step[1]] = x[off[0] + i * step[0]]; };
        }
    }

    // ---------------------------------------------------------------- elementwise

    @Override public void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst) {
        String name = "unary " + op;
        float[] x = JavaBuffer.floats(src.buffer(), name), y = JavaBuffer.floats(dst, name);
        Checks.view(name, "input", x.length, shape, src);
        Checks.range(name, "output", y.length, 0, Shapes.numel(shape));
        StridedLoop loop = new StridedLoop(shape, new int[][] {src.strides(), Shapes.contiguousStrides(shape)},
                new int[] {src.offset(), 0});
        run(loop, (n, off, step) -> Elementwise.unaryRow(rows, op, alpha, x, off[0], step[0], y, off[1], n));
    }

    @Override public void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst) {
        String name = "binary " + op;
        float[] x = JavaBuffer.floats(a.buffer(), name), z = JavaBuffer.floats(b.buffer(), name);
        float[] y = JavaBuffer.floats(dst, name);
        Checks.view(name, "a", x.length, shape, a);
        Checks.view(name, "b", z.length, shape, b);
        Checks.range(name, "output", y.length, 0, Shapes.numel(shape));
        StridedLoop loop = new StridedLoop(shape,
                new int[][] {a.strides(), b.strides(), Shapes.contiguousStrides(shape)},
                new int[] {a.offset(), b.offset(), 0});
        run(loop, (n, off, step) -> Elementwise.binaryRow(rows, op, x, off[0], step[0], z, off[1], step[1], y, off[2], n));
    }

    @Override public void where(int[] shape, View cond, View a, View b, DeviceBuffer dst) {
        float[] c = JavaBuffer.floats(cond.buffer(), "where"), x = JavaBuffer.floats(a.buffer(), "where");
        float[] z = JavaBuffer.floats(b.buffer(), "where"), y = JavaBuffer.floats(dst, "where");
        Checks.view("where", "cond", c.length, shape, cond);
        Checks.view("where", "a", x.length, shape, a);
        Checks.view("where", "b", z.length, shape, b);
        Checks.range("where", "output", y.length, 0, Shapes.numel(shape));
        StridedLoop loop = new StridedLoop(shape,
                new int[][] {cond.strides(), a.strides(), b.strides(), Shapes.contiguousStrides(shape)},
                new int[] {cond.offset(), a.offset(), b.offset(), 0});
        run(loop, (n, off, step) -> {
            if (step[0] == 1 && step[1] == 1 && step[2] == 1) rows.where(c, off[0], x, off[1], z, off[2], y, off[3], n);
            else Elementwise.whereRow(c, off[0], step[0], x, off[1], step[1], z, off[2], step[2], y, off[3], n);
        });
    }

    /** Runs a strided loop, split across threads when it is large. */
    private void run(StridedLoop loop, StridedLoop.Row row) {
        int n = loop.numel();
        if (n < PARALLEL_ELEMENTS) loop.forAll(row);
        else parallel.forRange(n, PARALLEL_ELEMENTS / 2, (from, to) -> loop.forRange(from, to, row));
    }

    // ---------------------------------------------------------------- reductions

    @Override public void reduce(ReduceOp op, View src, int outer, int len, int inner, DeviceBuffer dst) {
        String name = "reduce " + op;
        Checks.nonNegative(name, "outer", outer);
        Checks.nonNegative(name, "len", len);
        Checks.nonNegative(name, "inner", inner);
        if (len == 0 && op != ReduceOp.SUM && op != ReduceOp.MEAN) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty axis (len = 0); only SUM and MEAN can");
        }
        float[] x = JavaBuffer.floats(src.buffer(), name);
        Checks.view(name, "input", x.length, new int[] {outer, len, inner}, src);
        Object y = op == ReduceOp.ARGMAX ? JavaBuffer.ints(dst, name) : JavaBuffer.floats(dst, name);
        int outputs = outer * inner;
        Checks.range(name, "output [" + outer + ", " + inner + "]", JavaBuffer.of(dst, name).length(), 0, outputs);
        if (outputs == 0) return;
        int minChunk = Math.max(1, PARALLEL_ELEMENTS / Math.max(1, len));
        parallel.forRange(outputs, minChunk, (from, to) -> Reductions.run(rows, op, x, src, outer, len, inner, y, from, to));
    }

    // ---------------------------------------------------------------- linear algebra

    @Override public void matmul(MatmulShape s, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c) {
        float[] x = JavaBuffer.floats(a, "matmul"), z = JavaBuffer.floats(b, "matmul"), y = JavaBuffer.floats(c, "matmul");
        checkMatmul(s, x.length, aOffset, z.length, bOffset, y.length);
        if (s.batch() == 0 || s.m() == 0 || s.n() == 0) return;
        Matmul.multiply(gemm, parallel, s, x, aOffset, z, bOffset, y);
    }

    private static void checkMatmul(MatmulShape s, int aLength, int aOffset, int bLength, int bOffset, int cLength) {
        if (s.batch() == 0 || s.m() == 0 || s.n() == 0) return;
        long lastA = aOffset + (long) (s.batch() - 1) * s.aBatchStride();
        long lastB = bOffset + (long) (s.batch() - 1) * s.bBatchStride();
        if (Checks.fits(aLength, Math.min(aOffset, lastA), Math.abs(lastA - aOffset) + (long) s.m() * s.k())
                && Checks.fits(bLength, Math.min(bOffset, lastB), Math.abs(lastB - bOffset) + (long) s.k() * s.n())
                && Checks.fits(cLength, 0, (long) s.batch() * s.m() * s.n())) {
            return; // the usual case formats no message (that took microseconds per call)
        }
        String geometry = "matmul " + s;
        Checks.range(geometry, "A", aLength, Math.min(aOffset, lastA), Math.abs(lastA - aOffset) + (long) s.m() * s.k());
        Checks.range(geometry, "B", bLength, Math.min(bOffset, lastB), Math.abs(lastB - bOffset) + (long) s.k() * s.n());
        Checks.range(geometry, "C", cLength, 0, (long) s.batch() * s.m() * s.n());
    }

    @Override public void conv2d(Conv2dShape s, View input, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer output) {
        float[] w = JavaBuffer.floats(weight, "conv2d");
        float[] bi = bias == null ? null : JavaBuffer.floats(bias, "conv2d"), out = JavaBuffer.floats(output, "conv2d");
        float[] in = planes.dense("conv2d", input, s.inputShape());
        try {
            checkConv("conv2d", s, in.length, w.length, out.length);
            if (bi != null && !Checks.fits(bi.length, 0, s.outC())) Checks.range("conv2d " + s, "bias", bi.length, 0, s.outC());
            convolution.forward(s, in, w, bi, out);
        } finally {
            planes.done(in, input);
        }
    }

    @Override public void conv2dBackwardInput(Conv2dShape s, DeviceBuffer gradOutput, DeviceBuffer weight, DeviceBuffer gradInput) {
        float[] go = JavaBuffer.floats(gradOutput, "conv2dBackwardInput"), w = JavaBuffer.floats(weight, "conv2dBackwardInput");
        float[] gi = JavaBuffer.floats(gradInput, "conv2dBackwardInput");
        checkConv("conv2dBackwardInput", s, gi.length, w.length, go.length);
        convolution.backwardInput(s, go, w, gi);
    }

    @Override public void conv2dBackwardWeight(Conv2dShape s, View input, DeviceBuffer gradOutput, DeviceBuffer gradWeight) {
        float[] go = JavaBuffer.floats(gradOutput, "conv2dBackwardWeight");
        float[] gw = JavaBuffer.floats(gradWeight, "conv2dBackwardWeight");
        float[] in = planes.dense("conv2dBackwardWeight", input, s.inputShape());
        try {
            checkConv("conv2dBackwardWeight", s, in.length, gw.length, go.length);
            convolution.backwardWeight(s, in, go, gw);
        } finally {
            planes.done(in, input);
        }
    }

    private static void checkConv(String op, Conv2dShape s, int inLength, int wLength, int outLength) {
        if (Checks.fits(inLength, 0, Shapes.numel(s.inputShape())) && Checks.fits(wLength, 0, Shapes.numel(s.weightShape()))
                && Checks.fits(outLength, 0, Shapes.numel(s.outputShape()))) {
            return;
        }
        String name = op + " " + s;
        Checks.range(name, "input " + Shapes.str(s.inputShape()), inLength, 0, (long) Shapes.numel(s.inputShape()));
        Checks.range(name, "weight " + Shapes.str(s.weightShape()), wLength, 0, (long) Shapes.numel(s.weightShape()));
        Checks.range(name, "output " + Shapes.str(s.outputShape()), outLength, 0, (long) Shapes.numel(s.outputShape()));
    }

    // ---------------------------------------------------------------- pooling

    @Override public void maxPool2d(Pool2dShape s, View input, DeviceBuffer output, DeviceBuffer argmax) {
        float[] out = JavaBuffer.floats(output, "maxPool2d");
        int[] am = JavaBuffer.ints(argmax, "maxPool2d");
        float[] in = planes.dense("maxPool2d", input, s.inputShape());
        try {
            checkPool("maxPool2d", s, in.length, out.length);
            if (!Checks.fits(am.length, 0, Shapes.numel(s.outputShape()))) {
                Checks.range("maxPool2d " + s, "argmax", am.length, 0, Shapes.numel(s.outputShape()));
            }
            parallel.forRange(s.batch() * s.channels(), planesPerChunk(s), (f, t) -> maxPool.run(s, in, out, am, f, t));
        } finally {
            planes.done(in, input);
        }
    }

    @Override public void maxPool2dBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer argmax, DeviceBuffer gradInput) {
        float[] go = JavaBuffer.floats(gradOutput, "maxPool2dBackward"), gi = JavaBuffer.floats(gradInput, "maxPool2dBackward");
        int[] am = JavaBuffer.ints(argmax, "maxPool2dBackward");
        checkPool("maxPool2dBackward", s, gi.length, go.length);
        if (!Checks.fits(am.length, 0, Shapes.numel(s.outputShape()))) {
            Checks.range("maxPool2dBackward " + s, "argmax", am.length, 0, Shapes.numel(s.outputShape()));
        }
        parallel.forRange(s.batch() * s.channels(), planesPerChunk(s), (f, t) -> Pooling.maxBackward(s, go, am, gi, f, t));
    }

    @Override public void avgPool2d(Pool2dShape s, View input, DeviceBuffer output) {
        float[] out = JavaBuffer.floats(output, "avgPool2d");
        float[] in = planes.dense("avgPool2d", input, s.inputShape());
        try {
            checkPool("avgPool2d", s, in.length, out.length);
            parallel.forRange(s.batch() * s.channels(), planesPerChunk(s), (f, t) -> Pooling.avgForward(s, in, out, f, t));
        } finally {
            planes.done(in, input);
        }
    }

    @Override public void avgPool2dBackward(Pool2dShape s, DeviceBuffer gradOutput, DeviceBuffer gradInput) {
        float[] go = JavaBuffer.floats(gradOutput, "avgPool2dBackward"), gi = JavaBuffer.floats(gradInput, "avgPool2dBackward");
        checkPool("avgPool2dBackward", s, gi.length, go.length);
        parallel.forRange(s.batch() * s.channels(), planesPerChunk(s), (f, t) -> Pooling.avgBackward(s, go, gi, f, t));
    }

    private static int planesPerChunk(Pool2dShape s) {
        return Math.max(1, PARALLEL_ELEMENTS / Math.max(1, s.inH() * s.inW()));
    }

    private static void checkPool(String op, Pool2dShape s, int inLength, int outLength) {
        if (Checks.fits(inLength, 0, Shapes.numel(s.inputShape())) && Checks.fits(outLength, 0, Shapes.numel(s.outputShape()))) return;
        String name = op + " " + s;
        Checks.range(name, "input " + Shapes.str(s.inputShape()), inLength, 0, Shapes.numel(s.inputShape()));
        Checks.range(name, "output " + Shapes.str(s.outputShape()), outLength, 0, Shapes.numel(s.outputShape()));
    }

    // ---------------------------------------------------------------- softmax

    @Override public void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        String name = log ? "logSoftmax" : "softmax";
        float[] x = JavaBuffer.floats(src.buffer(), name), y = JavaBuffer.floats(dst, name);
        Checks.nonNegative(name, "outer", outer);
        Checks.nonNegative(name, "len", len);
        Checks.nonNegative(name, "inner", inner);
        long total = (long) outer * len * inner;
        Checks.view(name, "input", x.length, new int[] {outer, len, inner}, src);
        Checks.range(name + " [" + outer + ", " + len + ", " + inner + "]", "output", y.length, 0, total);
        int minChunk = Math.max(1, PARALLEL_ELEMENTS / Math.max(1, len));
        parallel.forRange(outer * inner, minChunk, (f, t) -> Softmax.run(rows, x, src, outer, len, inner, log, y, f, t));
    }

    // ---------------------------------------------------------------- indexing

    @Override public void indexSelect(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        float[] x = JavaBuffer.floats(src.buffer(), "indexSelect"), y = JavaBuffer.floats(dst, "indexSelect");
        int[] ix = JavaBuffer.ints(idx, "indexSelect");
        checkIndexing("indexSelect", outer, len, inner, count, ix.length, count, y.length, (long) outer * count * inner);
        Checks.view("indexSelect", "source", x.length, new int[] {outer, len, inner}, src);
        Indexing.indexSelect(x, src, outer, len, inner, ix, count, y);
    }

    @Override public void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        float[] y = JavaBuffer.floats(dst, "indexAdd"), x = JavaBuffer.floats(src.buffer(), "indexAdd");
        int[] ix = JavaBuffer.ints(idx, "indexAdd");
        checkIndexing("indexAdd", outer, len, inner, count, ix.length, count, y.length, (long) outer * len * inner);
        Checks.view("indexAdd", "source", x.length, new int[] {outer, count, inner}, src);
        Indexing.checkAll("indexAdd", ix, count, len);
        parallel.forRange(outer, blocksPerChunk(count, inner), (f, t) -> Indexing.indexAdd(rows, y, len, inner, ix, count, x, src, f, t));
    }

    @Override public void gather(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        float[] x = JavaBuffer.floats(src.buffer(), "gather"), y = JavaBuffer.floats(dst, "gather");
        int[] ix = JavaBuffer.ints(idx, "gather");
        checkIndexing("gather", outer, len, inner, count, ix.length, (long) outer * count * inner, y.length, (long) outer * count * inner);
        Checks.view("gather", "source", x.length, new int[] {outer, len, inner}, src);
        Indexing.checkAll("gather", ix, outer * count * inner, len);
        parallel.forRange(outer, blocksPerChunk(count, inner), (f, t) -> Indexing.gather(x, src, inner, ix, count, y, f, t));
    }

    @Override public void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        float[] y = JavaBuffer.floats(dst, "scatterAdd"), x = JavaBuffer.floats(src.buffer(), "scatterAdd");
        int[] ix = JavaBuffer.ints(idx, "scatterAdd");
        checkIndexing("scatterAdd", outer, len, inner, count, ix.length, (long) outer * count * inner, y.length, (long) outer * len * inner);
        Checks.view("scatterAdd", "source", x.length, new int[] {outer, count, inner}, src);
        Indexing.checkAll("scatterAdd", ix, outer * count * inner, len);
        parallel.forRange(outer, blocksPerChunk(count, inner), (f, t) -> Indexing.scatterAdd(y, len, inner, ix, count, x, src, f, t));
    }

    /** Blocks of count x inner elements that make a chunk worth a thread of its own. */
    private static int blocksPerChunk(int count, int inner) {
        return (int) Math.max(1, PARALLEL_ELEMENTS / Math.max(1L, (long) count * inner));
    }

    /** Checks the [outer, len, inner] side, the index buffer and the [outer, count, inner] side. */
    /** Checks the sizes, the index buffer and the contiguous side (dst), which holds denseNeeded elements. */
    private static void checkIndexing(String op, int outer, int len, int inner, int count,
                                      int idxLength, long idxNeeded, int denseLength, long denseNeeded) {
        Checks.nonNegative(op, "outer", outer);
        Checks.nonNegative(op, "len", len);
        Checks.nonNegative(op, "inner", inner);
        Checks.nonNegative(op, "count", count);
        String name = op + " [outer=" + outer + ", len=" + len + ", inner=" + inner + ", count=" + count + "]";
        Checks.range(name, "index buffer", idxLength, 0, idxNeeded);
        Checks.range(name, "destination", denseLength, 0, denseNeeded);
    }

    // ---------------------------------------------------------------- random numbers

    @Override public void random(DeviceBuffer dst, int count, Distribution distribution, long seed, long counterOffset,
                                 float a, float b) {
        float[] y = JavaBuffer.floats(dst, "random");
        Checks.range("random", "destination", y.length, 0, count);
        parallel.forRange(count, PARALLEL_ELEMENTS / 4,
                (from, to) -> Philox.fill(y, from, to - from, distribution, seed, counterOffset + from, a, b));
    }

    // ---------------------------------------------------------------- optimizer updates

    @Override public void sgdUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count, SgdParams p) {
        float[] w = JavaBuffer.floats(param, "sgdUpdate"), g = JavaBuffer.floats(grad, "sgdUpdate");
        boolean needsVelocity = p.momentum() != 0f;
        if (needsVelocity && velocity == null) throw new IllegalArgumentException("sgdUpdate: momentum "
                + p.momentum() + " needs a velocity buffer");
        float[] v = needsVelocity ? JavaBuffer.floats(velocity, "sgdUpdate") : null;
        Checks.range("sgdUpdate", "param", w.length, 0, count);
        Checks.range("sgdUpdate", "grad", g.length, 0, count);
        if (v != null) Checks.range("sgdUpdate", "velocity", v.length, 0, count);
        parallel.forRange(count, PARALLEL_ELEMENTS, (f, t) -> OptimizerUpdates.sgd(w, g, v, p, f, t));
    }

    @Override public void adamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count, AdamParams p) {
        float[] w = JavaBuffer.floats(param, "adamUpdate"), g = JavaBuffer.floats(grad, "adamUpdate");
        float[] mm = JavaBuffer.floats(m, "adamUpdate"), vv = JavaBuffer.floats(v, "adamUpdate");
        if (p.step() < 1) throw new IllegalArgumentException("adamUpdate: step counts from 1, got " + p.step());
        Checks.range("adamUpdate", "param", w.length, 0, count);
        Checks.range("adamUpdate", "grad", g.length, 0, count);
        Checks.range("adamUpdate", "m", mm.length, 0, count);
        Checks.range("adamUpdate", "v", vv.length, 0, count);
        parallel.forRange(count, PARALLEL_ELEMENTS, (f, t) -> OptimizerUpdates.adam(w, g, mm, vv, p, f, t));
    }

    @Override public void rmspropUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg, DeviceBuffer momentumBuffer,
                                        int count, RmspropParams p) {
        float[] w = JavaBuffer.floats(param, "rmspropUpdate"), g = JavaBuffer.floats(grad, "rmspropUpdate");
        float[] sq = JavaBuffer.floats(squareAvg, "rmspropUpdate");
        boolean needsBuffer = p.momentum() != 0f;
        if (needsBuffer && momentumBuffer == null) throw new IllegalArgumentException("rmspropUpdate: momentum "
                + p.momentum() + " needs a momentum buffer");
        float[] buf = needsBuffer ? JavaBuffer.floats(momentumBuffer, "rmspropUpdate") : null;
        Checks.range("rmspropUpdate", "param", w.length, 0, count);
        Checks.range("rmspropUpdate", "grad", g.length, 0, count);
        Checks.range("rmspropUpdate", "squareAvg", sq.length, 0, count);
        if (buf != null) Checks.range("rmspropUpdate", "momentumBuffer", buf.length, 0, count);
        parallel.forRange(count, PARALLEL_ELEMENTS, (f, t) -> OptimizerUpdates.rmsprop(w, g, sq, buf, p, f, t));
    }

    @Override public String toString() { return description(); }

    // ---------------------------------------------------------------- attention

    @Override public void attention(AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                    DeviceBuffer out, DeviceBuffer logSumExp) {
        String name = "attention " + s;
        AttentionOperands a = AttentionOperands.of(name, s, q, k, v, mask, out, logSumExp);
        parallel.forRange(AttentionRows.blocks(s), 1, (f, t) -> AttentionRows.run(gemm, this.rows, s, a.q, a.k, a.v,
                a.mask, a.maskOffset, a.maskStrides, a.out, a.lse, f, t));
    }

    @Override public void attentionBackward(AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                            DeviceBuffer out, DeviceBuffer logSumExp, DeviceBuffer gradOut,
                                            DeviceBuffer gradQ, DeviceBuffer gradK, DeviceBuffer gradV) {
        String name = "attentionBackward " + s;
        AttentionOperands a = AttentionOperands.of(name, s, q, k, v, mask, out, logSumExp);
        float[] g = JavaBuffer.floats(gradOut, name);
        Checks.range(name, "gradOut", g.length, 0, (long) s.batch() * s.tq() * s.dv());
        float[] dq = gradQ == null ? null : JavaBuffer.floats(gradQ, name);
        float[] dk = gradK == null ? null : JavaBuffer.floats(gradK, name);
        float[] dv = gradV == null ? null : JavaBuffer.floats(gradV, name);
        if (dq != null) Checks.range(name, "gradQ", dq.length, 0, (long) s.batch() * s.tq() * s.d());
        if (dk != null) Checks.range(name, "gradK", dk.length, 0, (long) s.batch() * s.tk() * s.d());
        if (dv != null) Checks.range(name, "gradV", dv.length, 0, (long) s.batch() * s.tk() * s.dv());
        parallel.forRange(s.batch(), 1, (f, t) -> AttentionRows.backward(gemm, this.rows, s, a.q, a.k, a.v, a.mask,
                a.maskOffset, a.maskStrides, a.out, a.lse, g, dq, dk, dv, f, t));
    }

    /** The arrays of an attention call and its mask's view, checked against the shape. */
    private record AttentionOperands(float[] q, float[] k, float[] v, float[] mask, int maskOffset, int[] maskStrides,
                                     float[] out, float[] lse) {
        static AttentionOperands of(String name, AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                                    DeviceBuffer out, DeviceBuffer logSumExp) {
            float[] x = JavaBuffer.floats(q, name), kk = JavaBuffer.floats(k, name), vv = JavaBuffer.floats(v, name);
            float[] y = JavaBuffer.floats(out, name), lse = JavaBuffer.floats(logSumExp, name);
            long rows = (long) s.batch() * s.tq();
            Checks.range(name, "q", x.length, 0, rows * s.d());
            Checks.range(name, "k", kk.length, 0, (long) s.batch() * s.tk() * s.d());
            Checks.range(name, "v", vv.length, 0, (long) s.batch() * s.tk() * s.dv());
            Checks.range(name, "out", y.length, 0, rows * s.dv());
            Checks.range(name, "logSumExp", lse.length, 0, rows);
            float[] m = null;
            if (mask != null) {
                m = JavaBuffer.floats(mask.buffer(), name);
                Checks.view(name, "mask", m.length, new int[] {s.batch(), s.tq(), s.tk()}, mask);
            }
            return new AttentionOperands(x, kk, vv, m, mask == null ? 0 : mask.offset(), mask == null ? null : mask.strides(),
                    y, lse);
        }
    }

    // ---------------------------------------------------------------- layer normalisation

    @Override public void layerNorm(int rows, int cols, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                                    DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd) {
        String name = "layerNorm [" + rows + ", " + cols + "]";
        float[] xs = JavaBuffer.floats(x, name), ys = JavaBuffer.floats(y, name);
        float[] mu = JavaBuffer.floats(mean, name), inv = JavaBuffer.floats(rstd, name);
        float[] g = gamma == null ? null : JavaBuffer.floats(gamma, name), b = beta == null ? null : JavaBuffer.floats(beta, name);
        checkLayerNorm(name, rows, cols, xs, "y", ys, mu, inv, g);
        if (b != null) Checks.range(name, "beta", b.length, 0, cols);
        parallel.forRange(rows, Math.max(1, PARALLEL_ELEMENTS / cols),
                (f, t) -> LayerNormRows.forward(this.rows, cols, eps, xs, g, b, ys, mu, inv, this.rows.newLaneSums(), f, t));
    }

    @Override public void layerNormBackward(int rows, int cols, DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gamma,
                                            DeviceBuffer mean, DeviceBuffer rstd,
                                            DeviceBuffer gradIn, DeviceBuffer gradGamma, DeviceBuffer gradBeta) {
        String name = "layerNormBackward [" + rows + ", " + cols + "]";
        float[] xs = JavaBuffer.floats(x, name), gs = JavaBuffer.floats(gradOut, name);
        float[] mu = JavaBuffer.floats(mean, name), inv = JavaBuffer.floats(rstd, name);
        float[] gm = gamma == null ? null : JavaBuffer.floats(gamma, name);
        float[] dx = gradIn == null ? null : JavaBuffer.floats(gradIn, name);
        float[] dg = gradGamma == null ? null : JavaBuffer.floats(gradGamma, name);
        float[] db = gradBeta == null ? null : JavaBuffer.floats(gradBeta, name);
        checkLayerNorm(name, rows, cols, xs, "gradOut", gs, mu, inv, gm);
        if (dx != null) Checks.range(name, "gradIn", dx.length, 0, (long) rows * cols);
        if (dg != null) Checks.range(name, "gradGamma", dg.length, 0, cols);
        if (db != null) Checks.range(name, "gradBeta", db.length, 0, cols);
        boolean params = dg != null || db != null;
        // Chunks of rows, each with its own partial column sums (2 x cols) when gamma's or beta's gradient is wanted.
        int chunks = (int) Math.max(1, Math.min(rows, Math.min(4L * parallel.threads(), (long) rows * cols / 4096 + 1)));
        float[][] partials = new float[params ? chunks : 0][];
        parallel.forRange(chunks, 1, (f, t) -> {
            float[] scratch = new float[2 * cols], laneSums = this.rows.newLaneSums();
            for (int c = f; c < t; c++) {
                float[] partial = params ? partials[c] = new float[2 * cols] : null;
                LayerNormRows.backward(this.rows, cols, xs, gs, gm, mu, inv, dx, partial, scratch, laneSums,
                        (int) ((long) rows * c / chunks), (int) ((long) rows * (c + 1) / chunks));
            }
        });
        if (params) {
            for (int j = 0; j < cols; j++) {
                float sumGX = 0, sumG = 0;
                for (float[] partial : partials) {
                    sumGX += partial[j];
                    sumG += partial[cols + j];
                }
                if (dg != null) dg[j] = sumGX;
                if (db != null) db[j] = sumG;
            }
        }
    }

    private static void checkLayerNorm(String name, int rows, int cols, float[] x, String yName, float[] y, float[] mean,
                                       float[] rstd, float[] gamma) {
        Checks.nonNegative(name, "rows", rows);
        if (cols < 1) throw new IllegalArgumentException(name + ": cols must be at least 1, got " + cols);
        Checks.range(name, "x", x.length, 0, (long) rows * cols);
        Checks.range(name, yName, y.length, 0, (long) rows * cols);
        Checks.range(name, "mean", mean.length, 0, rows);
        Checks.range(name, "rstd", rstd.length, 0, rows);
        if (gamma != null) Checks.range(name, "gamma", gamma.length, 0, cols);
    }
}
