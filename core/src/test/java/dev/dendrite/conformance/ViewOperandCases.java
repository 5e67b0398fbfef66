package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;
import static dev.dendrite.conformance.Tolerances.Kind.SOFTMAX;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops whose input is a rank-3 {@code [outer, len, inner]} view (reduce, softmax, the index
 * primitives) or a rank-4 NCHW view (conv2d, conv2d backward weight, max and average pooling),
 * each fed views that are not a dense block from element 0: sliced out of a padded array at an
 * offset, transposed, permuted at an offset, and broadcast (stride 0) at an offset. This is how
 * the tensor layer hands slices and transposes to these ops without copying them first, so a
 * device that ignores the offset or one of the strides reads wrong elements here. The shapes
 * cover each kernel path: rows and columns, unsplit and split in two passes (reduce), rows and
 * columns (softmax), overlapping and padded windows (pooling), stride and padding (conv).
 * Every case stays within Oclgrind's size limit, so the simulator runs them all.
 */
final class ViewOperandCases {
    private ViewOperandCases() {}

    /** [outer, len, inner]: columns, rows, rows split in two passes, columns split in two passes. */
    private static final int[][] REDUCE = {{3, 17, 5}, {2, 129, 1}, {1, 4099, 1}, {1, 1000, 3}};
    private static final int[][] SOFTMAX_BLOCKS = {{3, 17, 5}, {2, 129, 1}};
    /** outer, len, inner, count. */
    private static final int[][] INDEX = {{2, 7, 5, 4}, {3, 9, 1, 6}};

    /** The non-dense layouts every input is tried in: each but the transpose starts past element 0. */
    static Strided[] layouts(int[] shape, int broadcastDim) {
        return new Strided[] {Strided.sliced(shape), Strided.transposed(shape), Strided.permuted(shape),
                Strided.broadcast(shape, broadcastDim)};
    }

    static List<ConformanceCase> reduce() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] c : REDUCE) {
                int outer = c[0], len = c[1], inner = c[2];
                for (Strided s : layouts(c, inner > 1 ? 2 : 0)) cases.add(reduceCase(op, outer, len, inner, s));
            }
        }
        return cases;
    }

    private static ConformanceCase reduceCase(ReduceOp op, int outer, int len, int inner, Strided src) {
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
        OpCase c = new OpCase("reduce " + op + " view " + src);
        double scale = op == ReduceOp.SUM ? Tolerances.sumScale(len, 1) : op == ReduceOp.MEAN ? Tolerances.sumScale(len, 1) / len : 1;
        // argmax on integers: ties must go to the first maximum; reals elsewhere, so that reading
        // the wrong elements changes a max or min (over integers -3..3 it is nearly always +-3)
        return c.input("src", src, op == ReduceOp.ARGMAX ? Domain.QUANTIZED : Domain.UNIT)
                .output("dst", op == ReduceOp.ARGMAX ? DType.I32 : DType.F32, new int[] {outer, inner},
                        sum ? ACCUMULATION : EXACT, scale)
                .run((d, b) -> d.reduce(op, src.view(b.get("src")), outer, len, inner, b.get("dst")));
    }

    static List<ConformanceCase> softmax() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (boolean log : new boolean[] {false, true}) {
            for (int[] c : SOFTMAX_BLOCKS) {
                int outer = c[0], len = c[1], inner = c[2];
                for (Strided s : layouts(c, 0)) {
                    OpCase k = new OpCase((log ? "logSoftmax" : "softmax") + " view " + s);
                    cases.add(k.input("src", s, Domain.ANY)
                            .output("dst", DType.F32, c, SOFTMAX, 1)
                            .run((d, b) -> d.softmax(s.view(b.get("src")), outer, len, inner, log, b.get("dst"))));
                }
            }
        }
        return cases;
    }

    static List<ConformanceCase> indexing() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] c : INDEX) {
            int outer = c[0], len = c[1], inner = c[2], count = c[3];
            int[] full = {outer, len, inner}, picked = {outer, count, inner};
            for (Strided s : layouts(full, 0)) {
                OpCase k = new OpCase("indexSelect view " + s + " count " + count);
                cases.add(k.input("src", s, Domain.ANY)
                        .input("idx", TestShapes.ints(k.random(), count, 0, len))
                        .output("dst", DType.F32, picked, EXACT, 1)
                        .run((d, b) -> d.indexSelect(s.view(b.get("src")), outer, len, inner, b.get("idx"), count, b.get("dst"))));
                OpCase g = new OpCase("gather view " + s + " count " + count);
                cases.add(g.input("src", s, Domain.ANY)
                        .input("idx", TestShapes.ints(g.random(), outer * count * inner, 0, len))
                        .output("dst", DType.F32, picked, EXACT, 1)
                        .run((d, b) -> d.gather(s.view(b.get("src")), outer, len, inner, b.get("idx"), count, b.get("dst"))));
            }
            for (Strided s : layouts(picked, 0)) {
                OpCase k = new OpCase("indexAdd view " + s + " into len " + len);
                cases.add(k.inout("dst", k.sample(Domain.UNIT, outer * len * inner), full, ACCUMULATION, Tolerances.sumScale(count + 1, 1))
                        .input("idx", TestShapes.ints(k.random(), count, 0, Math.min(len, 3)))   // repeated indices
                        .input("src", s, Domain.UNIT)
                        .run((d, b) -> d.indexAdd(b.get("dst"), outer, len, inner, b.get("idx"), count, s.view(b.get("src")))));
                OpCase g = new OpCase("scatterAdd view " + s + " into len " + len);
                cases.add(g.inout("dst", g.sample(Domain.UNIT, outer * len * inner), full, ACCUMULATION, Tolerances.sumScale(count + 1, 1))
                        .input("idx", TestShapes.ints(g.random(), outer * count * inner, 0, Math.min(len, 3)))
                        .input("src", s, Domain.UNIT)
                        .run((d, b) -> d.scatterAdd(b.get("dst"), outer, len, inner, b.get("idx"), count, s.view(b.get("src")))));
            }
        }
        return cases;
    }

    static List<ConformanceCase> pooling() {
        List<ConformanceCase> cases = new ArrayList<>();
        List<Pool2dShape> geometries = List.of(new Pool2dShape(2, 3, 8, 8, 2, 2, 2, 2, 0, 0),
                new Pool2dShape(1, 2, 7, 9, 3, 3, 2, 2, 1, 1));
        for (Pool2dShape p : geometries) {
            String geometry = " window " + p.kH() + "x" + p.kW() + " stride " + p.strideH() + " pad " + p.padH();
            for (Strided s : layouts(p.inputShape(), 1)) {
                OpCase m = new OpCase("maxPool2d view " + s + geometry);
                cases.add(m.input("input", s, Domain.QUANTIZED)
                        .output("output", DType.F32, p.outputShape(), EXACT, 1)
                        .output("argmax", DType.I32, p.outputShape(), EXACT, 1)
                        .run((d, b) -> d.maxPool2d(p, s.view(b.get("input")), b.get("output"), b.get("argmax"))));
                OpCase a = new OpCase("avgPool2d view " + s + geometry);
                int window = p.kH() * p.kW();
                cases.add(a.input("input", s, Domain.UNIT)
                        .output("output", DType.F32, p.outputShape(), ACCUMULATION, Tolerances.sumScale(window, 1) / window)
                        .run((d, b) -> d.avgPool2d(p, s.view(b.get("input")), b.get("output"))));
            }
        }
        return cases;
    }

    static List<ConformanceCase> convolution() {
        List<ConformanceCase> cases = new ArrayList<>();
        List<Conv2dShape> geometries = List.of(new Conv2dShape(2, 3, 6, 7, 4, 3, 3, 1, 1, 1, 1),
                new Conv2dShape(2, 2, 5, 6, 3, 3, 3, 2, 2, 1, 1),
                new Conv2dShape(2, 4, 6, 7, 4, 3, 3, 1, 1, 2, 2, 2, 2, 2));   // dilated, two groups
        for (Conv2dShape g : geometries) {
            String geometry = " kernel " + g.kH() + "x" + g.kW() + " stride " + g.strideH() + " pad " + g.padH() + " -> K" + g.outC()
                    + (g.plain() ? "" : " dilation " + g.dilationH() + " groups " + g.groups());
            for (Strided s : layouts(g.inputShape(), 1)) {
                OpCase f = new OpCase("conv2d forward view " + s + geometry);
                int terms = g.inPerGroup() * g.kH() * g.kW() + 1;
                cases.add(f.input("input", s, Domain.UNIT)
                        .input("weight", f.sample(Domain.UNIT, Shapes.numel(g.weightShape())))
                        .input("bias", f.sample(Domain.UNIT, g.outC()))
                        .output("output", DType.F32, g.outputShape(), ACCUMULATION, Tolerances.sumScale(terms, 1))
                        .run((d, b) -> d.conv2d(g, s.view(b.get("input")), b.get("weight"), b.get("bias"), b.get("output"))));
                OpCase w = new OpCase("conv2d backward weight view " + s + geometry);
                cases.add(w.input("input", s, Domain.UNIT)
                        .input("gradOutput", w.sample(Domain.UNIT, Shapes.numel(g.outputShape())))
                        .output("gradWeight", DType.F32, g.weightShape(), ACCUMULATION,
                                Tolerances.sumScale(g.batch() * g.outH() * g.outW(), 1))
                        .run((d, b) -> d.conv2dBackwardWeight(g, s.view(b.get("input")), b.get("gradOutput"), b.get("gradWeight"))));
            }
        }
        return cases;
    }
}
