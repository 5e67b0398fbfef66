package dev.dendrite.bench.kernel;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;
import static dev.dendrite.conformance.Tolerances.Kind.ELEMENTWISE;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;
import static dev.dendrite.conformance.Tolerances.Kind.NORMAL;
import static dev.dendrite.conformance.Tolerances.Kind.OPTIMIZER;
import static dev.dendrite.conformance.Tolerances.Kind.SOFTMAX;
import static dev.dendrite.conformance.Tolerances.Kind.UNIFORM;

import dev.dendrite.bench.kernel.Problem.Buf;
import dev.dendrite.bench.suite.ClBlastSgemm;
import dev.dendrite.conformance.Tolerances;
import dev.dendrite.device.AdamParams;
import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.Device;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.ConvKernel;
import dev.dendrite.kernels.ElementwiseKernel;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.kernels.ReduceKernel;
import dev.dendrite.kernels.SoftmaxKernel;
import dev.dendrite.kernels.ops.KernelDevice;
import dev.dendrite.opencl.OpenClDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The kernel families of {@code ./dendrite kernel}, one method each: the problem at a size and
 * the variants. A variant that is a rung of a ladder runs only on the devices that have the
 * rung (the kernel devices: opencl, cuda); a variant that is an op runs everywhere, the java
 * device included, as the CPU baseline.
 */
final class Families {
    private Families() {}

    static final String GFLOPS = "GFLOP/s";
    static final String GBPS = "GB/s";
    private static final double F = Float.BYTES;

    static List<Family> all() {
        return List.of(matmul(), softmax(), reduce(), conv2d(), maxpool(), avgpool(), elementwise(), index(), random(),
                adam(), sgd(), rmsprop(), attention(), layernorm());
    }

    static Family byName(String name) {
        for (Family f : all()) if (f.name().equals(name)) return f;
        return null;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Family f : all()) names.add(f.name());
        return names;
    }

    private static boolean kernelDevice(Device d) { return d instanceof KernelDevice; }

    // ---------------------------------------------------------------- matmul (matmul.cl)

    static Family matmul() {
        Function<int[], Problem> problem = size -> {
            int m = size[0], n = size.length == 3 ? size[1] : size[0], k = size.length == 3 ? size[2] : size[0];
            MatmulShape s = MatmulShape.of(m, n, k);
            return new Problem(m + " x " + n + " x " + k + " (C = A x B, M x N x K; 2 M N K flops)", GFLOPS, s.flops(),
                    List.of(Buf.in("a", m * k), Buf.in("b", k * n), Buf.out("c", m * n, ACCUMULATION, Tolerances.sumScale(k, 1))),
                    (d, b) -> d.matmul(s, b[0], 0, b[1], 0, b[2]));
        };
        List<Variant> variants = new ArrayList<>();
        variants.add(Variant.everywhere("device", problem));
        for (MatmulKernel rung : MatmulKernel.values()) {
            variants.add(new Variant(rung.label(), Families::kernelDevice, problem, (d, size, p) -> {
                MatmulShape s = shapeOf(size);
                return (dev, b) -> ((KernelDevice) dev).matmul(rung, s, b[0], 0, b[1], 0, b[2]);
            }));
        }
        variants.add(new Variant("clblast", d -> d instanceof OpenClDevice, problem, (d, size, p) -> {
            ClBlastSgemm blast = new ClBlastSgemm((OpenClDevice) d);
            if (blast.unavailableReason() != null) throw new Variant.Unavailable(blast.unavailableReason());
            MatmulShape s = shapeOf(size);
            return (dev, b) -> blast.matmul(s, b[0], 0, b[1], 0, b[2]);
        }));
        return new Family("matmul", "C = A x B (matmul.cl: the ladder's rungs; device = the device's own choice; "
                + "clblast = CLBlast's SGEMM on the OpenCL queue)", "N or MxNxK", new int[] {512}, new int[] {1, 3}, variants);
    }

    private static MatmulShape shapeOf(int[] size) {
        return size.length == 3 ? MatmulShape.of(size[0], size[1], size[2]) : MatmulShape.of(size[0], size[0], size[0]);
    }

    // ---------------------------------------------------------------- softmax (softmax.cl)

    static Family softmax() {
        Function<int[], Problem> rows = size -> softmaxProblem(size, false, false);
        List<Variant> v = new ArrayList<>();
        v.add(Variant.everywhere("rows", rows));
        for (SoftmaxKernel rung : SoftmaxKernel.values()) {
            v.add(softmaxRung("rows-" + rung.label(), rung, false, rows));
            v.add(softmaxRung("rows-tree-" + rung.label(), rung, true, rows));
        }
        v.add(Variant.everywhere("rows-log", size -> softmaxProblem(size, true, false)));
        v.add(Variant.everywhere("cols", size -> softmaxProblem(size, false, true)));
        return new Family("softmax", "softmax along an axis of a [rows, cols] matrix through each rung of the ladder "
                + "(rows-sweeps, rows-online: a work-item per row; rows-tree-*: a work-group per row) and the device's "
                + "choice (softmax.cl); GB/s counts one read and one write per element", "ROWSxCOLS", new int[] {4096, 1024},
                new int[] {2}, v);
    }

    /** A softmax through one rung of the softmax ladder in one shape, fixed for the call. */
    private static Variant softmaxRung(String name, SoftmaxKernel rung, boolean tree, Function<int[], Problem> problem) {
        return fixing(name, problem, kd -> {
            kd.softmaxKernel(rung, tree);
            return () -> kd.softmaxKernel(null, null);
        });
    }

    /**
     * A variant on the kernel devices that runs {@code problem} with one rung of a ladder fixed for
     * the call: {@code fix} fixes it and returns what puts the old setting back.
     */
    private static Variant fixing(String name, Function<int[], Problem> problem, Function<KernelDevice, Runnable> fix) {
        return new Variant(name, Families::kernelDevice, problem, (d, size, p) -> (dev, b) -> {
            Runnable restore = fix.apply((KernelDevice) dev);
            try {
                p.op().run(dev, b);
            } finally {
                restore.run();
            }
        });
    }

    private static Problem softmaxProblem(int[] size, boolean log, boolean alongRows) {
        int rows = size[0], cols = size[1], n = rows * cols;
        // along each row: [outer = rows, len = cols, inner = 1]; down each column: [1, rows, cols]
        int outer = alongRows ? 1 : rows, len = alongRows ? rows : cols, inner = alongRows ? cols : 1;
        return new Problem(rows + " x " + cols + (alongRows ? ", down each column" : ", along each row") + (log ? ", log" : ""),
                GBPS, 2 * F * n, List.of(Buf.in("x", n), Buf.out("y", n, SOFTMAX, 1)),
                (d, b) -> d.softmax(b[0], outer, len, inner, log, b[1]));
    }

    // ---------------------------------------------------------------- reduce (reduce.cl)

    static Family reduce() {
        Function<int[], Problem> sum = size -> reduceProblem(size, ReduceOp.SUM, false);
        Function<int[], Problem> max = size -> reduceProblem(size, ReduceOp.MAX, false);
        List<Variant> v = new ArrayList<>();
        v.add(Variant.everywhere("sum", sum));
        for (ReduceKernel rung : ReduceKernel.values()) v.add(reduceRung("sum-" + rung.label(), rung, sum));
        v.add(Variant.everywhere("max", max));
        for (ReduceKernel rung : ReduceKernel.values()) v.add(reduceRung("max-" + rung.label(), rung, max));
        v.add(Variant.everywhere("mean", size -> reduceProblem(size, ReduceOp.MEAN, false)));
        v.add(Variant.everywhere("argmax", size -> reduceProblem(size, ReduceOp.ARGMAX, false)));
        v.add(Variant.everywhere("sum-cols", size -> reduceProblem(size, ReduceOp.SUM, true)));
        return new Family("reduce", "reductions of a [rows, cols] matrix along each row through each rung of the ladder "
                + "(sum-/max-item, -tree, -vector) and the device's choice (reduce.cl: reduce_cols, reduce_rows, "
                + "reduce_rows_vec8, argmax_*); GB/s counts the input read and the output written", "ROWSxCOLS",
                new int[] {4096, 1024}, new int[] {2}, v);
    }

    /** A reduction through one rung of the reduction ladder, fixed for the call. */
    private static Variant reduceRung(String name, ReduceKernel rung, Function<int[], Problem> problem) {
        return fixing(name, problem, kd -> {
            ReduceKernel old = kd.reduceKernel(rung);
            return () -> kd.reduceKernel(old);
        });
    }

    private static Problem reduceProblem(int[] size, ReduceOp op, boolean downColumns) {
        int rows = size[0], cols = size[1];
        int outer = downColumns ? 1 : rows, len = downColumns ? rows : cols, inner = downColumns ? cols : 1;
        int outputs = outer * inner;
        Buf out = switch (op) {
            case SUM -> Buf.out("y", outputs, ACCUMULATION, Tolerances.sumScale(len, 1));
            case MEAN -> Buf.out("y", outputs, ACCUMULATION, Tolerances.sumScale(len, 1) / len);
            case ARGMAX -> Buf.outInts("y", outputs);
            default -> Buf.out("y", outputs, EXACT, 1);
        };
        return new Problem(rows + " x " + cols + ", " + op.name().toLowerCase(Locale.ROOT)
                + (downColumns ? " down each column" : " along each row"), GBPS, F * ((double) rows * cols + outputs),
                List.of(Buf.in("x", rows * cols), out), (d, b) -> d.reduce(op, b[0], outer, len, inner, b[1]));
    }

    // ---------------------------------------------------------------- conv2d (conv.cl + matmul.cl)

    static Family conv2d() {
        Function<int[], Problem> weight = size -> convProblem(size, 2);
        List<Variant> v = new ArrayList<>();
        v.add(Variant.everywhere("forward", size -> convProblem(size, 0)));
        v.add(Variant.everywhere("backward-input", size -> convProblem(size, 1)));
        v.add(Variant.everywhere("backward-weight", weight));
        for (ConvKernel rung : ConvKernel.values()) {
            v.add(fixing("backward-weight-" + rung.label(), weight, kd -> {
                ConvKernel old = kd.convKernel(rung);
                return () -> kd.convKernel(old);
            }));
        }
        return new Family("conv2d", "3 x 3 convolution, stride 1, no padding (conv.cl: im2col + matmul + add_channel_bias; "
                + "col2im; a batch sum in reduce.cl); backward-weight-im2col, -im2col-t: the weight gradient through each "
                + "rung of its ladder", "BATCHxCINxCOUTxHW", new int[] {32, 32, 64, 13}, new int[] {4}, v);
    }

    private static Problem convProblem(int[] size, int pass) {
        // size = batch x inC x outC x H (square input, 3 x 3 kernel, stride 1, no padding)
        Conv2dShape s = new Conv2dShape(size[0], size[1], size[3], size[3], size[2], 3, 3, 1, 1, 0, 0);
        int in = s.batch() * s.inC() * s.inH() * s.inW(), w = s.outC() * s.inC() * 9;
        int out = s.batch() * s.outC() * s.outH() * s.outW();
        String what = s.batch() + " x " + s.inC() + " x " + s.inH() + " x " + s.inW() + " -> " + s.outC() + " channels, 3 x 3";
        return switch (pass) {
            case 0 -> new Problem(what + ", forward", GFLOPS, s.flops(),
                    List.of(Buf.in("input", in), Buf.in("weight", w), Buf.in("bias", s.outC()),
                            Buf.out("output", out, ACCUMULATION, Tolerances.sumScale(s.inC() * 9 + 1, 1))),
                    (d, b) -> d.conv2d(s, b[0], b[1], b[2], b[3]));
            case 1 -> new Problem(what + ", gradient of the input", GFLOPS, s.flops(),
                    List.of(Buf.in("gradOutput", out), Buf.in("weight", w),
                            Buf.out("gradInput", in, ACCUMULATION, Tolerances.sumScale(s.outC() * 9, 1))),
                    (d, b) -> d.conv2dBackwardInput(s, b[0], b[1], b[2]));
            default -> new Problem(what + ", gradient of the weight", GFLOPS, s.flops(),
                    List.of(Buf.in("input", in), Buf.in("gradOutput", out),
                            Buf.out("gradWeight", w, ACCUMULATION, Tolerances.sumScale(s.batch() * s.outH() * s.outW(), 1))),
                    (d, b) -> d.conv2dBackwardWeight(s, b[0], b[1], b[2]));
        };
    }

    // ---------------------------------------------------------------- pooling (pool.cl)

    static Family maxpool() {
        return new Family("maxpool", "2 x 2 max pooling, stride 2 (pool.cl: maxpool_forward, maxpool_backward); "
                + "GB/s counts every element read and written once", "BATCHxCHANNELSxHW", new int[] {32, 64, 26},
                new int[] {3}, List.of(Variant.everywhere("forward", size -> poolProblem(size, true, true)),
                        Variant.everywhere("backward", size -> poolProblem(size, true, false))));
    }

    static Family avgpool() {
        return new Family("avgpool", "2 x 2 average pooling, stride 2 (pool.cl: avgpool_forward, avgpool_backward)",
                "BATCHxCHANNELSxHW", new int[] {32, 64, 26}, new int[] {3},
                List.of(Variant.everywhere("forward", size -> poolProblem(size, false, true)),
                        Variant.everywhere("backward", size -> poolProblem(size, false, false))));
    }

    private static Problem poolProblem(int[] size, boolean max, boolean forward) {
        Pool2dShape s = new Pool2dShape(size[0], size[1], size[2], size[2], 2, 2, 2, 2, 0, 0);
        int planes = s.batch() * s.channels(), in = planes * s.inH() * s.inW(), out = planes * s.outH() * s.outW();
        String what = s.batch() + " x " + s.channels() + " x " + s.inH() + " x " + s.inW() + (forward ? ", forward" : ", backward");
        if (max && forward) {
            return new Problem(what, GBPS, F * (in + 2.0 * out),
                    List.of(Buf.in("input", in), Buf.out("output", out, EXACT, 1), Buf.outInts("argmax", out)),
                    (d, b) -> d.maxPool2d(s, b[0], b[1], b[2]));
        }
        if (max) {
            return new Problem(what, GBPS, F * (2.0 * out + in),
                    List.of(Buf.in("gradOutput", out), Buf.ints("argmax", out, r -> windowArgmax(s, r)),
                            Buf.out("gradInput", in, ACCUMULATION, 1)),
                    (d, b) -> d.maxPool2dBackward(s, b[0], b[1], b[2]));
        }
        if (forward) {
            return new Problem(what, GBPS, F * (in + out), List.of(Buf.in("input", in), Buf.out("output", out, ACCUMULATION, 2)),
                    (d, b) -> d.avgPool2d(s, b[0], b[1]));
        }
        return new Problem(what, GBPS, F * (in + out), List.of(Buf.in("gradOutput", out), Buf.out("gradInput", in, ACCUMULATION, 1)),
                (d, b) -> d.avgPool2dBackward(s, b[0], b[1]));
    }

    /** For each output, a position inside its own window (what max pooling's forward pass records). */
    private static int[] windowArgmax(Pool2dShape s, java.util.Random r) {
        int planes = s.batch() * s.channels(), oh = s.outH(), ow = s.outW();
        int[] idx = new int[planes * oh * ow];
        int i = 0;
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int h = y * s.strideH() + r.nextInt(s.kH()), w = x * s.strideW() + r.nextInt(s.kW());
                    idx[i++] = h * s.inW() + w;
                }
            }
        }
        return idx;
    }

    // ---------------------------------------------------------------- elementwise (elementwise.cl)

    static Family elementwise() {
        List<Variant> v = new ArrayList<>();
        Function<int[], Problem> unary = size -> unaryProblem(size[0], false);
        Function<int[], Problem> binary = size -> binaryProblem(size[0], false);
        v.add(Variant.everywhere("unary", unary));
        for (ElementwiseKernel rung : ElementwiseKernel.values()) v.add(rung("unary-" + rung.label(), rung, unary));
        v.add(Variant.everywhere("unary-transposed", size -> unaryProblem(size[0], true)));
        v.add(Variant.everywhere("binary", binary));
        for (ElementwiseKernel rung : ElementwiseKernel.values()) v.add(rung("binary-" + rung.label(), rung, binary));
        v.add(Variant.everywhere("binary-broadcast", size -> binaryProblem(size[0], true)));
        v.add(Variant.everywhere("copy-transposed", size -> copyProblem(size[0])));
        v.add(Variant.everywhere("where", size -> whereProblem(size[0])));
        v.add(Variant.everywhere("fill", size -> new Problem(size[0] + " floats = 0.5", GBPS, F * size[0],
                List.of(Buf.out("x", size[0], EXACT, 1)), (d, b) -> d.fill(b[0], 0, size[0], 0.5f))));
        return new Family("elementwise", "y = 2x (unary) and c = a + b (binary) on dense data through each rung of the ladder "
                + "(unary-/binary-strided, -contig, -vector) and on strided views through the device's choice "
                + "(elementwise.cl); GB/s counts each element read and written once", "N", new int[] {1 << 22}, new int[] {1}, v);
    }

    /** Dense data through one rung of the elementwise ladder, fixed for the call. */
    private static Variant rung(String name, ElementwiseKernel rung, Function<int[], Problem> problem) {
        return fixing(name, problem, kd -> {
            ElementwiseKernel old = kd.elementwiseKernel(rung);
            return () -> kd.elementwiseKernel(old);
        });
    }

    /** [rows, cols] with cols at most 1024, rows * cols <= n: the 2-D shape of the strided variants. */
    private static int[] matrix(int n) {
        int cols = Math.min(n, 1024);
        return new int[] {Math.max(1, n / cols), cols};
    }

    private static Problem unaryProblem(int n, boolean transposed) {
        if (!transposed) {
            int[] shape = {n};
            return new Problem(n + " floats, y = 2x", GBPS, 2 * F * n, List.of(Buf.in("x", n), Buf.out("y", n, ELEMENTWISE, 1)),
                    (d, b) -> d.unary(UnaryOp.MUL_SCALAR, 2f, shape, View.contiguous(b[0], shape), b[1]));
        }
        int[] shape = matrix(n);
        int rows = shape[0], cols = shape[1];
        return new Problem(rows + " x " + cols + ", y = 2 x^T (x read transposed)", GBPS, 2 * F * rows * cols,
                List.of(Buf.in("x", rows * cols), Buf.out("y", rows * cols, ELEMENTWISE, 1)),
                (d, b) -> d.unary(UnaryOp.MUL_SCALAR, 2f, shape, new View(b[0], 0, new int[] {1, rows}), b[1]));
    }

    private static Problem binaryProblem(int n, boolean broadcast) {
        if (!broadcast) {
            int[] shape = {n};
            return new Problem(n + " floats, c = a + b", GBPS, 3 * F * n,
                    List.of(Buf.in("a", n), Buf.in("b", n), Buf.out("c", n, ELEMENTWISE, 1)),
                    (d, b) -> d.binary(BinaryOp.ADD, shape, View.contiguous(b[0], shape), View.contiguous(b[1], shape), b[2]));
        }
        int[] shape = matrix(n);
        int rows = shape[0], cols = shape[1];
        return new Problem(rows + " x " + cols + " + a row of " + cols + " (broadcast, stride 0)", GBPS, 2 * F * rows * cols,
                List.of(Buf.in("a", rows * cols), Buf.in("b", cols), Buf.out("c", rows * cols, ELEMENTWISE, 1)),
                (d, b) -> d.binary(BinaryOp.ADD, shape, View.contiguous(b[0], shape), new View(b[1], 0, new int[] {0, 1}), b[2]));
    }

    private static Problem copyProblem(int n) {
        int[] shape = matrix(n);
        int rows = shape[0], cols = shape[1];
        return new Problem(rows + " x " + cols + ", y = x^T made contiguous", GBPS, 2 * F * rows * cols,
                List.of(Buf.in("x", rows * cols), Buf.out("y", rows * cols, EXACT, 1)),
                (d, b) -> d.copy(shape, new View(b[0], 0, new int[] {1, rows}), View.contiguous(b[1], shape)));
    }

    private static Problem whereProblem(int n) {
        int[] shape = {n};
        return new Problem(n + " floats, y = cond ? a : b", GBPS, 4 * F * n,
                List.of(Buf.in("cond", n), Buf.in("a", n), Buf.in("b", n), Buf.out("y", n, EXACT, 1)),
                (d, b) -> d.where(shape, View.contiguous(b[0], shape), View.contiguous(b[1], shape),
                        View.contiguous(b[2], shape), b[3]));
    }

    // ---------------------------------------------------------------- index (index.cl)

    static Family index() {
        return new Family("index", "index ops on the middle axis of [outer, len, inner] (index.cl); GB/s counts the rows moved "
                + "and the indices", "OUTERxLENxINNERxCOUNT", new int[] {64, 512, 256, 256}, new int[] {4},
                List.of(Variant.everywhere("index-select", size -> indexProblem(size, 0)),
                        Variant.everywhere("index-add", size -> indexProblem(size, 1)),
                        Variant.everywhere("gather", size -> indexProblem(size, 2)),
                        Variant.everywhere("scatter-add", size -> indexProblem(size, 3))));
    }

    private static Problem indexProblem(int[] size, int which) {
        int outer = size[0], len = size[1], inner = size[2], count = size[3];
        int big = outer * len * inner, small = outer * count * inner;
        String what = "[" + outer + ", " + len + ", " + inner + "], " + count + " indices";
        return switch (which) {
            case 0 -> new Problem(what + ", index-select", GBPS, F * (2.0 * small + count),
                    List.of(Buf.in("src", big), Buf.index("idx", count, len), Buf.out("dst", small, EXACT, 1)),
                    (d, b) -> d.indexSelect(b[0], outer, len, inner, b[1], count, b[2]));
            case 1 -> new Problem(what + ", index-add", GBPS, F * (3.0 * small + count),
                    List.of(Buf.in("dst", big).checked(ACCUMULATION, Tolerances.sumScale(count, 1)), Buf.index("idx", count, len),
                            Buf.in("src", small)),
                    (d, b) -> d.indexAdd(b[0], outer, len, inner, b[1], count, b[2]));
            case 2 -> new Problem(what + ", gather", GBPS, F * 3.0 * small,
                    List.of(Buf.in("src", big), Buf.index("idx", small, len), Buf.out("dst", small, EXACT, 1)),
                    (d, b) -> d.gather(b[0], outer, len, inner, b[1], count, b[2]));
            default -> new Problem(what + ", scatter-add", GBPS, F * 4.0 * small,
                    List.of(Buf.in("dst", big).checked(ACCUMULATION, Tolerances.sumScale(count, 1)), Buf.index("idx", small, len),
                            Buf.in("src", small)),
                    (d, b) -> d.scatterAdd(b[0], outer, len, inner, b[1], count, b[2]));
        };
    }

    // ---------------------------------------------------------------- random (philox.cl)

    static Family random() {
        return new Family("random", "Philox4x32-10 numbers (philox.cl: random_fill); GB/s counts the floats written", "N",
                new int[] {1 << 22}, new int[] {1},
                List.of(Variant.everywhere("uniform", size -> randomProblem(size[0], Distribution.UNIFORM)),
                        Variant.everywhere("normal", size -> randomProblem(size[0], Distribution.NORMAL))));
    }

    private static Problem randomProblem(int n, Distribution dist) {
        boolean uniform = dist == Distribution.UNIFORM;
        return new Problem(n + " floats, " + (uniform ? "uniform in [-1, 1)" : "normal(0, 1)"), GBPS, F * n,
                List.of(Buf.out("x", n, uniform ? UNIFORM : NORMAL, 1)),
                (d, b) -> d.random(b[0], n, dist, 1234, 0, uniform ? -1f : 0f, 1f));
    }

    // ---------------------------------------------------------------- optimizer updates (optim.cl)

    static Family adam() {
        return new Family("adam", "one fused Adam / AdamW step in place (optim.cl: adam_update); GB/s counts param, m, v read "
                + "and written and grad read (28 bytes per element)", "N", new int[] {1 << 22}, new int[] {1},
                List.of(Variant.everywhere("adam", size -> adamProblem(size[0], false)),
                        Variant.everywhere("adamw", size -> adamProblem(size[0], true))));
    }

    private static Problem adamProblem(int n, boolean decoupled) {
        AdamParams p = new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, decoupled ? 0.01f : 0f, decoupled, 3);
        return new Problem(n + " parameters" + (decoupled ? ", weight decay 0.01 (AdamW)" : ""), GBPS, 7 * F * n,
                List.of(Buf.in("param", n).checked(OPTIMIZER, 1), Buf.in("grad", n), Buf.in("m", n).checked(OPTIMIZER, 1),
                        Buf.positive("v", n).checked(OPTIMIZER, 1)),
                (d, b) -> d.adamUpdate(b[0], b[1], b[2], b[3], n, p));
    }

    static Family sgd() {
        return new Family("sgd", "one fused SGD step in place, with momentum (optim.cl: sgd_update); GB/s counts param and "
                + "velocity read and written and grad read", "N", new int[] {1 << 22}, new int[] {1},
                List.of(Variant.everywhere("momentum", size -> {
                    int n = size[0];
                    SgdParams p = new SgdParams(0.01f, 0.9f, 0f, 0f, false, false);
                    return new Problem(n + " parameters, momentum 0.9", GBPS, 5 * F * n,
                            List.of(Buf.in("param", n).checked(OPTIMIZER, 1), Buf.in("grad", n),
                                    Buf.in("velocity", n).checked(OPTIMIZER, 1)),
                            (d, b) -> d.sgdUpdate(b[0], b[1], b[2], n, p));
                })));
    }

    static Family rmsprop() {
        return new Family("rmsprop", "one fused RMSprop step in place (optim.cl: rmsprop_update); GB/s counts param and "
                + "square average read and written and grad read", "N", new int[] {1 << 22}, new int[] {1},
                List.of(Variant.everywhere("rmsprop", size -> {
                    int n = size[0];
                    RmspropParams p = new RmspropParams(0.01f, 0.99f, 1e-8f, 0f, 0f);
                    return new Problem(n + " parameters", GBPS, 5 * F * n,
                            List.of(Buf.in("param", n).checked(OPTIMIZER, 1), Buf.in("grad", n),
                                    Buf.positive("squareAvg", n).checked(OPTIMIZER, 1)),
                            (d, b) -> d.rmspropUpdate(b[0], b[1], b[2], null, n, p));
                })));
    }

    // ---------------------------------------------------------------- attention (attention.cl)

    static Family attention() {
        return new Family("attention", "softmax(q k^T / sqrt(d)) v over [heads, T, d], not causal (attention.cl: "
                + "attention_forward, fused; composition = matmul, scale, softmax, matmul through the device's primitives, "
                + "writing the T x T scores; backward = attention_backward_dq and attention_backward_dkdv); 4 heads T^2 d flops "
                + "forward, 10 backward (five products)", "HEADSxTxD", new int[] {32, 256, 64}, new int[] {3},
                List.of(Variant.everywhere("fused", Families::attentionProblem),
                        new Variant("composition", d -> true, Families::attentionProblem, (d, size, p) -> {
                            int bh = size[0], t = size[1], dim = size[2];
                            MatmulShape scores = new MatmulShape(bh, t, t, dim, false, true, t * dim, t * dim);
                            MatmulShape values = new MatmulShape(bh, t, dim, t, false, false, t * t, t * dim);
                            float scale = (float) (1 / Math.sqrt(dim));
                            int[] square = {bh * t * t};
                            return (dev, b) -> {
                                dev.matmul(scores, b[0], 0, b[1], 0, b[5]);
                                dev.unary(UnaryOp.MUL_SCALAR, scale, square, View.contiguous(b[5], square), b[5]);
                                dev.softmax(b[5], bh * t, t, 1, false, b[6]);
                                dev.matmul(values, b[6], 0, b[2], 0, b[3]);
                            };
                        }),
                        Variant.everywhere("backward", Families::attentionBackwardProblem)));
    }

    private static Problem attentionBackwardProblem(int[] size) {
        int bh = size[0], t = size[1], dim = size[2];
        AttentionShape s = new AttentionShape(bh, t, t, dim, dim, (float) (1 / Math.sqrt(dim)), false);
        int qkv = bh * t * dim;
        double scale = Tolerances.sumScale(3 * t + dim, 2);
        // the saved output and log-sum-exp are random here: the kernels' work does not depend on them
        return new Problem(bh + " heads, T " + t + ", d " + dim + ", backward (dq, dk, dv)", GFLOPS, 2 * s.flops() + 2.0 * bh * t * t * dim,
                List.of(Buf.in("q", qkv), Buf.in("k", qkv), Buf.in("v", qkv), Buf.in("out", qkv), Buf.positive("lse", bh * t),
                        Buf.in("dout", qkv), Buf.out("dq", qkv, ACCUMULATION, scale), Buf.out("dk", qkv, ACCUMULATION, scale),
                        Buf.out("dv", qkv, ACCUMULATION, scale)),
                (d, b) -> d.attentionBackward(s, b[0], b[1], b[2], null, b[3], b[4], b[5], b[6], b[7], b[8]));
    }

    private static Problem attentionProblem(int[] size) {
        int bh = size[0], t = size[1], dim = size[2];
        AttentionShape s = new AttentionShape(bh, t, t, dim, dim, (float) (1 / Math.sqrt(dim)), false);
        int qkv = bh * t * dim;
        return new Problem(bh + " heads, T " + t + ", d " + dim, GFLOPS, s.flops(),
                List.of(Buf.in("q", qkv), Buf.in("k", qkv), Buf.in("v", qkv),
                        Buf.out("out", qkv, ACCUMULATION, Tolerances.sumScale(t + dim, 1)),
                        Buf.out("lse", bh * t, null, 1), Buf.out("scores", bh * t * t, null, 1),
                        Buf.out("probs", bh * t * t, null, 1)),
                (d, b) -> d.attention(s, b[0], b[1], b[2], null, b[3], b[4]));
    }

    // ---------------------------------------------------------------- layernorm (layernorm.cl)

    static Family layernorm() {
        return new Family("layernorm", "layer normalisation of each row of a [rows, cols] matrix with gamma and beta "
                + "(layernorm.cl: a work-group per row); forward GB/s counts x read and y written, backward x and dy read "
                + "and dx written", "ROWSxCOLS", new int[] {4096, 768}, new int[] {2},
                List.of(Variant.everywhere("forward", Families::layerNormForward),
                        Variant.everywhere("backward", Families::layerNormBackward)));
    }

    private static Problem layerNormForward(int[] size) {
        int rows = size[0], cols = size[1], n = rows * cols;
        double scale = Tolerances.sumScale(cols, 3);
        return new Problem(rows + " x " + cols + ", forward", GBPS, 2 * F * n,
                List.of(Buf.in("x", n), Buf.in("gamma", cols), Buf.in("beta", cols), Buf.out("y", n, ACCUMULATION, scale),
                        Buf.out("mean", rows, ACCUMULATION, scale), Buf.out("rstd", rows, ACCUMULATION, scale)),
                (d, b) -> d.layerNorm(rows, cols, 1e-5f, b[0], b[1], b[2], b[3], b[4], b[5]));
    }

    private static Problem layerNormBackward(int[] size) {
        int rows = size[0], cols = size[1], n = rows * cols;
        return new Problem(rows + " x " + cols + ", backward (dx, dgamma, dbeta)", GBPS, 3 * F * n,
                List.of(Buf.in("x", n), Buf.in("dy", n), Buf.in("gamma", cols), Buf.in("mean", rows), Buf.positive("rstd", rows),
                        Buf.out("dx", n, ACCUMULATION, Tolerances.sumScale(cols, 3)),
                        Buf.out("dgamma", cols, ACCUMULATION, Tolerances.sumScale(rows, 3)),
                        Buf.out("dbeta", cols, ACCUMULATION, Tolerances.sumScale(rows, 1))),
                (d, b) -> d.layerNormBackward(rows, cols, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]));
    }
}
