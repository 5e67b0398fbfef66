package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ELEMENTWISE;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * unary, binary and where. Every op runs on a plain 129-vector and on one strided 2-D or 3-D case
 * (the layout rotates from op to op); then one op sweeps every shape against every layout, so that
 * op coverage and layout coverage do not multiply into thousands of cases; then a few ops run on
 * random rank 4-6 views ({@link Strided#randomOperands}), since devices take views up to rank 8.
 * Comparisons always get integer-valued inputs ({@link Domain#QUANTIZED}): on continuous data a
 * tie never happens, and EQ, LE or GE could be wrong on ties unseen.
 */
final class ElementwiseCases {
    private ElementwiseCases() {}

    /** Ops whose result involves no rounding: must match exactly. */
    private static final Set<UnaryOp> EXACT_UNARY = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.RELU,
            UnaryOp.MAX_SCALAR, UnaryOp.MIN_SCALAR, UnaryOp.EQ_SCALAR, UnaryOp.NE_SCALAR, UnaryOp.LT_SCALAR,
            UnaryOp.LE_SCALAR, UnaryOp.GT_SCALAR, UnaryOp.GE_SCALAR);
    private static final Set<BinaryOp> EXACT_BINARY = EnumSet.of(BinaryOp.MAX, BinaryOp.MIN, BinaryOp.EQ, BinaryOp.NE,
            BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE, BinaryOp.RELU_BACKWARD);

    /** 66,177 elements: past the 2^16 where devices start splitting elementwise work. */
    static final int[] LARGE = {129, 513};

    /** Cases on random rank 4-6 views: two of each rank, so six per primitive. */
    static final int HIGH_RANK_CASES = 6;

    /** The rank of high-rank case i: 4, 4, 5, 5, 6, 6. */
    static int highRank(int i) { return 4 + i / 2; }

    /** An input domain and the scalar alpha one unary case uses. */
    private record UnaryInput(Domain domain, float alpha) {}

    private static List<UnaryInput> unaryInputs(UnaryOp op) {
        switch (op) {
            case LOG: case SQRT: case RSQRT: return List.of(new UnaryInput(Domain.POSITIVE, 0));
            case RECIPROCAL: return List.of(new UnaryInput(Domain.NONZERO, 0));
            case SIGN: return List.of(new UnaryInput(Domain.QUANTIZED, 0));
            case LEAKY_RELU: return List.of(new UnaryInput(Domain.ANY, 0.1f));
            case ADD_SCALAR: return List.of(new UnaryInput(Domain.ANY, 1.5f));
            case MUL_SCALAR: return List.of(new UnaryInput(Domain.ANY, -2.5f));
            case RSUB_SCALAR: return List.of(new UnaryInput(Domain.ANY, 0.75f));
            case RDIV_SCALAR: return List.of(new UnaryInput(Domain.NONZERO, 2f));
            case POW_SCALAR: // integer powers of negative bases are defined (x ** 2); fractional only for x > 0
                return List.of(new UnaryInput(Domain.ANY, 2f), new UnaryInput(Domain.ANY, 3f),
                        new UnaryInput(Domain.POSITIVE, -1.5f));
            case MAX_SCALAR: case MIN_SCALAR: return List.of(new UnaryInput(Domain.ANY, 0.25f));
            case EQ_SCALAR: case NE_SCALAR: case LT_SCALAR: case LE_SCALAR: case GT_SCALAR: case GE_SCALAR:
                return List.of(new UnaryInput(Domain.QUANTIZED, 1f));
            default: return List.of(new UnaryInput(Domain.ANY, 0));
        }
    }

    private static Domain[] binaryDomains(BinaryOp op) {
        switch (op) {
            case DIV: return new Domain[] {Domain.ANY, Domain.NONZERO};
            case POW: return new Domain[] {Domain.POSITIVE, Domain.ANY};
            case MAX: case MIN: case EQ: case NE: case LT: case LE: case GT: case GE:
                return new Domain[] {Domain.QUANTIZED, Domain.QUANTIZED};
            case RELU_BACKWARD: return new Domain[] {Domain.QUANTIZED, Domain.ANY};
            case SIGMOID_BACKWARD: return new Domain[] {Domain.PROBABILITY, Domain.ANY};
            case TANH_BACKWARD: return new Domain[] {Domain.SYMMETRIC_UNIT, Domain.ANY};
            default: return new Domain[] {Domain.ANY, Domain.ANY};
        }
    }

    /** Strided 2-D/3-D layouts the per-op cases rotate through. */
    private static Strided rotating(int i) {
        int[][] shapes = {{3, 17}, {33, 1, 3}, {2, 3, 17}, {17, 33}, {1}};
        int[] shape = shapes[i % shapes.length];
        switch (i % 4) {
            case 0: return Strided.transposed(shape);
            case 1: return Strided.sliced(shape);
            case 2: return Strided.permuted(shape);
            default: return Strided.broadcast(shape, 0);
        }
    }

    static List<ConformanceCase> unary() {
        List<ConformanceCase> cases = new ArrayList<>();
        int i = 0;
        for (UnaryOp op : UnaryOp.values()) {
            for (UnaryInput in : unaryInputs(op)) {
                cases.add(unaryCase(op, in, Strided.contiguous(new int[] {129})));
                cases.add(unaryCase(op, in, rotating(i++)));
            }
        }
        // Every layout of every shape, with one op that uses its alpha.
        UnaryInput addScalar = new UnaryInput(Domain.ANY, 1.5f);
        for (int[] shape : TestShapes.all()) {
            for (Strided layout : Strided.variants(shape)) cases.add(unaryCase(UnaryOp.ADD_SCALAR, addScalar, layout));
        }
        cases.add(unaryCase(UnaryOp.ADD_SCALAR, addScalar, Strided.broadcast(new int[] {17, 33}, 0, 1)));
        // Above 2^16 elements, where a device may split the work across threads or work-groups.
        cases.add(unaryCase(UnaryOp.TANH, new UnaryInput(Domain.ANY, 0), Strided.transposed(LARGE)));
        cases.add(unaryCase(UnaryOp.MUL_SCALAR, new UnaryInput(Domain.ANY, 3f), Strided.contiguous(LARGE)));
        // Rank 4 to 6 (layouts from a fixed seed, so case names and inputs are the same every run).
        UnaryOp[] ops = {UnaryOp.ADD_SCALAR, UnaryOp.EXP, UnaryOp.NEG, UnaryOp.GE_SCALAR, UnaryOp.TANH, UnaryOp.EQ_SCALAR};
        Random layouts = new Random(41);
        for (int k = 0; k < HIGH_RANK_CASES; k++) {
            cases.add(unaryCase(ops[k], unaryInputs(ops[k]).get(0), Strided.randomOperands(layouts, highRank(k), true)[0]));
        }
        return cases;
    }

    private static ConformanceCase unaryCase(UnaryOp op, UnaryInput in, Strided x) {
        String alpha = in.alpha() != 0 ? " alpha=" + in.alpha() : "";
        OpCase c = new OpCase("unary " + op + alpha + " " + x);
        Tolerances.Kind kind = EXACT_UNARY.contains(op) ? EXACT : ELEMENTWISE;
        return c.input("x", x, in.domain())
                .output("y", DType.F32, x.shape, kind, 1)
                .run((d, b) -> d.unary(op, in.alpha(), x.shape.clone(), x.view(b.get("x")), b.get("y")));
    }

    static List<ConformanceCase> binary() {
        List<ConformanceCase> cases = new ArrayList<>();
        int i = 0;
        for (BinaryOp op : BinaryOp.values()) {
            cases.add(binaryCase(op, Strided.contiguous(new int[] {129}), Strided.contiguous(new int[] {129})));
            int[] shape = i % 2 == 0 ? new int[] {3, 33, 17} : new int[] {17, 3};
            Strided a = Strided.broadcast(shape, 1);
            Strided b = i % 3 == 0 ? Strided.transposed(shape) : i % 3 == 1 ? Strided.permuted(shape) : Strided.sliced(shape);
            cases.add(i++ % 4 < 2 ? binaryCase(op, a, b) : binaryCase(op, b, a));
        }
        // Broadcasting and layouts, with SUB so that swapping a and b is caught.
        int[] m = {17, 33};
        cases.add(binaryCase(BinaryOp.SUB, Strided.broadcast(m, 1), Strided.broadcast(m, 0)));
        cases.add(binaryCase(BinaryOp.SUB, Strided.broadcast(new int[] {3, 17}, 0, 1), Strided.transposed(new int[] {3, 17})));
        cases.add(binaryCase(BinaryOp.SUB, Strided.broadcast(new int[] {2, 3, 17}, 0, 2), Strided.sliced(new int[] {2, 3, 17})));
        cases.add(binaryCase(BinaryOp.SUB, Strided.permuted(new int[] {33, 1, 3}), Strided.broadcast(new int[] {33, 1, 3}, 0)));
        cases.add(binaryCase(BinaryOp.SUB, Strided.sliced(new int[] {129}), Strided.broadcast(new int[] {129}, 0)));
        cases.add(binaryCase(BinaryOp.SUB, Strided.transposed(new int[] {129, 3}), Strided.permuted(new int[] {129, 3})));
        cases.add(binaryCase(BinaryOp.SUB, Strided.contiguous(new int[] {1}), Strided.sliced(new int[] {1})));
        cases.add(binaryCase(BinaryOp.SUB, Strided.contiguous(TestShapes.SCALAR), Strided.contiguous(TestShapes.SCALAR)));
        cases.add(binaryCase(BinaryOp.SUB, Strided.sliced(TestShapes.EMPTY), Strided.broadcast(TestShapes.EMPTY, 2)));
        cases.add(binaryCase(BinaryOp.SUB, Strided.contiguous(LARGE), Strided.broadcast(LARGE, 0)));
        cases.add(binaryCase(BinaryOp.MUL, Strided.transposed(LARGE), Strided.contiguous(LARGE)));
        // Rank 4 to 6, each operand laid out at random.
        BinaryOp[] ops = {BinaryOp.SUB, BinaryOp.EQ, BinaryOp.MUL, BinaryOp.LE, BinaryOp.SUB, BinaryOp.DIV};
        Random layouts = new Random(42);
        for (int k = 0; k < HIGH_RANK_CASES; k++) {
            Strided[] ab = Strided.randomOperands(layouts, highRank(k), true, true);
            cases.add(binaryCase(ops[k], ab[0], ab[1]));
        }
        return cases;
    }

    private static ConformanceCase binaryCase(BinaryOp op, Strided a, Strided b) {
        Domain[] domains = binaryDomains(op);
        OpCase c = new OpCase("binary " + op + " " + Shapes.str(a.shape) + " a " + a.layout + ", b " + b.layout);
        Tolerances.Kind kind = EXACT_BINARY.contains(op) ? EXACT : ELEMENTWISE;
        return c.input("a", a, domains[0])
                .input("b", b, domains[1])
                .output("y", DType.F32, a.shape, kind, 1)
                .run((d, bufs) -> d.binary(op, a.shape.clone(), a.view(bufs.get("a")), b.view(bufs.get("b")), bufs.get("y")));
    }

    static List<ConformanceCase> where() {
        List<ConformanceCase> cases = new ArrayList<>();
        int[] v = {129};
        cases.add(whereCase(Strided.contiguous(v), Strided.contiguous(v), Strided.contiguous(v)));
        int[] m = {3, 17};
        cases.add(whereCase(Strided.broadcast(m, 1), Strided.transposed(m), Strided.sliced(m)));
        int[] t = {2, 3, 17};
        cases.add(whereCase(Strided.permuted(t), Strided.broadcast(t, 0, 1), Strided.contiguous(t)));
        int[] w = {17, 33};
        cases.add(whereCase(Strided.sliced(w), Strided.contiguous(w), Strided.broadcast(w, 0, 1)));
        cases.add(whereCase(Strided.contiguous(TestShapes.SCALAR), Strided.contiguous(TestShapes.SCALAR),
                Strided.contiguous(TestShapes.SCALAR)));
        cases.add(whereCase(Strided.contiguous(TestShapes.EMPTY), Strided.sliced(TestShapes.EMPTY),
                Strided.contiguous(TestShapes.EMPTY)));
        Random layouts = new Random(43);
        for (int k = 0; k < HIGH_RANK_CASES; k++) {
            Strided[] operands = Strided.randomOperands(layouts, highRank(k), true, true, true);
            cases.add(whereCase(operands[0], operands[1], operands[2]));
        }
        return cases;
    }

    private static ConformanceCase whereCase(Strided cond, Strided a, Strided b) {
        OpCase c = new OpCase("where " + Shapes.str(cond.shape) + " cond " + cond.layout + ", a " + a.layout + ", b " + b.layout);
        // Zero (of both signs), one, and non-zero values other than one: any non-zero condition selects
        // a, and -0 is zero (a device testing the sign bit would pick a).
        float[] condValues = new float[cond.storageLength];
        float[] choices = {0f, 1f, -0f, -1f, 0.5f, 0f};
        for (int i = 0; i < condValues.length; i++) condValues[i] = choices[c.random().nextInt(choices.length)];
        return c.input("cond", condValues)
                .input("a", a, Domain.ANY)
                .input("b", b, Domain.ANY)
                .output("y", DType.F32, cond.shape, EXACT, 1)
                .run((d, bufs) -> d.where(cond.shape.clone(), cond.view(bufs.get("cond")), a.view(bufs.get("a")),
                        b.view(bufs.get("b")), bufs.get("y")));
    }
}
