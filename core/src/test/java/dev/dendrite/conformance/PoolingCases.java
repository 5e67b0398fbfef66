package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;

import dev.dendrite.device.DType;
import dev.dendrite.device.Pool2dShape;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Max and average pooling, forward and backward: non-overlapping and overlapping windows
 * (stride < kernel, so backward must accumulate), padding, rectangular windows and strides, a
 * 1x1 input, batch 0. Max pooling is also run on integer-valued inputs, where the tie must go to
 * the first maximum in row-major window order so every device routes gradients alike.
 */
final class PoolingCases {
    private PoolingCases() {}

    private static List<Pool2dShape> geometries() {
        return List.of(
                new Pool2dShape(2, 3, 8, 8, 2, 2, 2, 2, 0, 0),
                new Pool2dShape(1, 2, 7, 9, 3, 3, 2, 2, 1, 1),
                new Pool2dShape(2, 1, 17, 17, 3, 3, 1, 1, 0, 0),
                new Pool2dShape(1, 3, 5, 6, 3, 2, 2, 1, 1, 0),
                new Pool2dShape(3, 2, 33, 3, 2, 3, 1, 3, 1, 1),
                new Pool2dShape(1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
                new Pool2dShape(0, 2, 4, 4, 2, 2, 2, 2, 0, 0),
                new Pool2dShape(4, 32, 26, 26, 2, 2, 2, 2, 0, 0)); // the Fashion-MNIST CNN's pool, enough planes to split
    }

    private static String describe(Pool2dShape s) {
        return "N" + s.batch() + " C" + s.channels() + " " + s.inH() + "x" + s.inW() + " window " + s.kH() + "x" + s.kW()
                + " stride " + s.strideH() + "x" + s.strideW() + " pad " + s.padH() + "x" + s.padW();
    }

    /** Most windows that can cover one input element: the number of terms its gradient sums. */
    private static int overlap(Pool2dShape s) {
        return ((s.kH() + s.strideH() - 1) / s.strideH()) * ((s.kW() + s.strideW() - 1) / s.strideW());
    }

    static List<ConformanceCase> maxForward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Pool2dShape s : geometries()) cases.add(maxForwardCase(s, Domain.UNIT));
        cases.add(maxForwardCase(geometries().get(1), Domain.QUANTIZED));
        cases.add(maxForwardCase(geometries().get(2), Domain.QUANTIZED));
        return cases;
    }

    private static ConformanceCase maxForwardCase(Pool2dShape s, Domain domain) {
        OpCase c = new OpCase("maxPool2d " + describe(s) + (domain == Domain.QUANTIZED ? " with ties" : ""));
        return c.input("input", c.sample(domain, Shapes.numel(s.inputShape())))
                .output("output", DType.F32, s.outputShape(), EXACT, 1)
                .output("argmax", DType.I32, s.outputShape(), EXACT, 1)
                .run((d, b) -> d.maxPool2d(s, b.get("input"), b.get("output"), b.get("argmax")));
    }

    static List<ConformanceCase> maxBackward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Pool2dShape s : geometries()) {
            OpCase c = new OpCase("maxPool2d backward " + describe(s));
            cases.add(c.input("gradOutput", c.sample(Domain.UNIT, Shapes.numel(s.outputShape())))
                    .input("argmax", validArgmax(s, c.random()))
                    .output("gradInput", DType.F32, s.inputShape(), ACCUMULATION, Tolerances.sumScale(overlap(s), 1))
                    .run((d, b) -> d.maxPool2dBackward(s, b.get("gradOutput"), b.get("argmax"), b.get("gradInput"))));
        }
        return cases;
    }

    /** For each output, a random in-bounds position of its window, as maxPool2d would record it. */
    private static int[] validArgmax(Pool2dShape s, Random r) {
        int outH = s.outH();
        int outW = s.outW();
        int[] argmax = new int[Shapes.numel(s.outputShape())];
        int i = 0;
        for (int plane = 0; plane < s.batch() * s.channels(); plane++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    int h0 = Math.max(oh * s.strideH() - s.padH(), 0);
                    int h1 = Math.min(oh * s.strideH() - s.padH() + s.kH(), s.inH());
                    int w0 = Math.max(ow * s.strideW() - s.padW(), 0);
                    int w1 = Math.min(ow * s.strideW() - s.padW() + s.kW(), s.inW());
                    int h = h0 + r.nextInt(h1 - h0);
                    int w = w0 + r.nextInt(w1 - w0);
                    argmax[i++] = h * s.inW() + w;
                }
            }
        }
        return argmax;
    }

    static List<ConformanceCase> avgForward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Pool2dShape s : geometries()) {
            OpCase c = new OpCase("avgPool2d " + describe(s));
            int window = s.kH() * s.kW();
            cases.add(c.input("input", c.sample(Domain.UNIT, Shapes.numel(s.inputShape())))
                    .output("output", DType.F32, s.outputShape(), ACCUMULATION, Tolerances.sumScale(window, 1) / window)
                    .run((d, b) -> d.avgPool2d(s, b.get("input"), b.get("output"))));
        }
        return cases;
    }

    static List<ConformanceCase> avgBackward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Pool2dShape s : geometries()) {
            OpCase c = new OpCase("avgPool2d backward " + describe(s));
            int window = s.kH() * s.kW();
            cases.add(c.input("gradOutput", c.sample(Domain.UNIT, Shapes.numel(s.outputShape())))
                    .output("gradInput", DType.F32, s.inputShape(), ACCUMULATION, Tolerances.sumScale(overlap(s), 1.0 / window))
                    .run((d, b) -> d.avgPool2dBackward(s, b.get("gradOutput"), b.get("gradInput"))));
        }
        return cases;
    }
}
