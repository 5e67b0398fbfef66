package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * conv2d forward (bias null and not), backward input and backward weight on the same geometries:
 * strides 1 and 2, padding 0 and 1, odd and rectangular sizes, 1x1 and window-sized kernels, a
 * stride that skips input rows (their input gradient must be 0), batch 0, the layers of the
 * Fashion-MNIST CNN, and PyTorch's other options: dilation (square, per axis, with strides that
 * share a factor with it and that do not), channel groups, and depthwise convolutions.
 */
final class ConvolutionCases {
    private ConvolutionCases() {}

    /** A geometry and whether its forward case passes a bias. */
    private record Geometry(Conv2dShape shape, boolean bias) {}

    private static List<Geometry> geometries() {
        return List.of(
                new Geometry(new Conv2dShape(2, 3, 7, 9, 4, 3, 3, 1, 1, 1, 1), true),
                new Geometry(new Conv2dShape(1, 1, 5, 5, 1, 1, 1, 1, 1, 0, 0), false),
                new Geometry(new Conv2dShape(3, 2, 17, 17, 5, 3, 3, 2, 2, 0, 0), false),
                new Geometry(new Conv2dShape(2, 3, 8, 11, 3, 3, 2, 2, 1, 1, 0), true),
                new Geometry(new Conv2dShape(1, 17, 6, 6, 3, 5, 5, 1, 1, 1, 1), true),
                new Geometry(new Conv2dShape(2, 2, 8, 8, 3, 3, 3, 2, 2, 0, 0), false), // row/col 7 never read
                new Geometry(new Conv2dShape(1, 3, 3, 3, 2, 5, 5, 1, 1, 1, 1), true),  // one output pixel
                new Geometry(new Conv2dShape(1, 2, 33, 1, 3, 3, 1, 2, 1, 1, 0), true),
                new Geometry(new Conv2dShape(0, 3, 5, 5, 2, 3, 3, 1, 1, 0, 0), true),  // empty batch
                new Geometry(new Conv2dShape(4, 1, 28, 28, 8, 3, 3, 1, 1, 0, 0), true),
                new Geometry(new Conv2dShape(3, 4, 9, 12, 6, 2, 4, 1, 1, 0, 0, 1, 1, 2), false),   // unit stride, unpadded: two groups, 2x4
                new Geometry(new Conv2dShape(2, 32, 13, 13, 33, 3, 3, 1, 1, 1, 1), false),
                new Geometry(new Conv2dShape(2, 3, 9, 10, 4, 3, 3, 1, 1, 2, 2, 2, 2, 1), true),    // dilated, "same" size
                new Geometry(new Conv2dShape(1, 2, 11, 8, 3, 3, 2, 2, 1, 1, 0, 2, 3, 1), false),   // dilated 2x3, stride 2x1
                new Geometry(new Conv2dShape(1, 2, 14, 14, 2, 3, 3, 3, 3, 0, 0, 2, 2, 2), false),  // stride 3, dilation 2: depthwise
                new Geometry(new Conv2dShape(2, 4, 7, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2), true),     // two groups
                new Geometry(new Conv2dShape(2, 5, 8, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 5), false),    // depthwise
                new Geometry(new Conv2dShape(1, 3, 13, 12, 6, 3, 3, 2, 2, 2, 1, 2, 2, 3), true),   // depthwise x2, strided, dilated
                new Geometry(new Conv2dShape(2, 32, 6, 6, 64, 3, 1, 1, 1, 1, 0, 1, 1, 4), true));  // four groups of 8 -> 16
    }

    static List<ConformanceCase> forward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Geometry g : geometries()) cases.add(forwardCase(g.shape(), g.bias()));
        // Both bias variants on one geometry, so a device that ignores bias (or needs it) is caught.
        Conv2dShape s = geometries().get(0).shape();
        cases.add(forwardCase(s, false));
        return cases;
    }

    static List<ConformanceCase> backwardInput() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Geometry g : geometries()) cases.add(backwardInputCase(g.shape()));
        return cases;
    }

    static List<ConformanceCase> backwardWeight() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Geometry g : geometries()) cases.add(backwardWeightCase(g.shape()));
        return cases;
    }

    private static String describe(Conv2dShape s) {
        return "N" + s.batch() + " C" + s.inC() + " " + s.inH() + "x" + s.inW() + " -> K" + s.outC()
                + " kernel " + s.kH() + "x" + s.kW() + " stride " + s.strideH() + "x" + s.strideW()
                + " pad " + s.padH() + "x" + s.padW()
                + (s.dilationH() > 1 || s.dilationW() > 1 ? " dilation " + s.dilationH() + "x" + s.dilationW() : "")
                + (s.groups() > 1 ? " groups " + s.groups() : "");
    }

    private static ConformanceCase forwardCase(Conv2dShape s, boolean bias) {
        OpCase c = new OpCase("conv2d forward " + describe(s) + (bias ? " bias" : " no bias"));
        int terms = s.inPerGroup() * s.kH() * s.kW() + (bias ? 1 : 0);
        c.input("input", c.sample(Domain.UNIT, Shapes.numel(s.inputShape())))
                .input("weight", c.sample(Domain.UNIT, Shapes.numel(s.weightShape())));
        if (bias) c.input("bias", c.sample(Domain.UNIT, s.outC()));
        return c.output("output", DType.F32, s.outputShape(), ACCUMULATION, Tolerances.sumScale(terms, 1))
                .run((d, b) -> d.conv2d(s, b.get("input"), b.get("weight"), bias ? b.get("bias") : null, b.get("output")));
    }

    private static ConformanceCase backwardInputCase(Conv2dShape s) {
        OpCase c = new OpCase("conv2d backward input " + describe(s));
        int terms = s.outPerGroup() * taps(s.kH(), s.strideH(), s.dilationH()) * taps(s.kW(), s.strideW(), s.dilationW());
        return c.input("gradOutput", c.sample(Domain.UNIT, Shapes.numel(s.outputShape())))
                .input("weight", c.sample(Domain.UNIT, Shapes.numel(s.weightShape())))
                .output("gradInput", DType.F32, s.inputShape(), ACCUMULATION, Tolerances.sumScale(terms, 1))
                .run((d, b) -> d.conv2dBackwardInput(s, b.get("gradOutput"), b.get("weight"), b.get("gradInput")));
    }

    private static ConformanceCase backwardWeightCase(Conv2dShape s) {
        OpCase c = new OpCase("conv2d backward weight " + describe(s));
        int terms = s.batch() * s.outH() * s.outW();
        return c.input("input", c.sample(Domain.UNIT, Shapes.numel(s.inputShape())))
                .input("gradOutput", c.sample(Domain.UNIT, Shapes.numel(s.outputShape())))
                .output("gradWeight", DType.F32, s.weightShape(), ACCUMULATION, Tolerances.sumScale(terms, 1))
                .run((d, b) -> d.conv2dBackwardWeight(s, b.get("input"), b.get("gradOutput"), b.get("gradWeight")));
    }

    /**
     * Most kernel taps along one axis that can read one input position: tap k reads it when
     * k * dilation lands on a stride step, which happens every stride / gcd(stride, dilation) taps.
     */
    private static int taps(int kernel, int stride, int dilation) {
        int period = stride / java.math.BigInteger.valueOf(stride).gcd(java.math.BigInteger.valueOf(dilation)).intValue();
        return (kernel + period - 1) / period;
    }
}
