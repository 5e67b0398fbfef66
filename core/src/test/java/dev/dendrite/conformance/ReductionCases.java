package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;

import dev.dendrite.device.DType;
import dev.dendrite.device.ReduceOp;
import java.util.ArrayList;
import java.util.List;

/**
 * reduce over the middle axis of [outer, len, inner]: every op over outer/len/inner combinations
 * (reducing the last axis, a middle axis, the first axis, a long axis), ties for max/min/argmax,
 * empty outer or inner for every op and len 0 for SUM (0) and MEAN (NaN). Long axes with few
 * outputs are what devices split into chunks reduced in two passes: rows ({2, 4099, 1},
 * {1, 16411, 1}) and columns ({1, 1000, 3}, {2, 777, 5}, where a work-item walks each column).
 */
final class ReductionCases {
    private ReductionCases() {}

    private static final int[][] COMBOS = {
            {1, 129, 1}, {3, 17, 33}, {33, 3, 1}, {1, 1, 17}, {17, 33, 3}, {2, 4099, 1}, {1, 129, 129}, {3, 129, 257}, {1, 16411, 1},
            {1, 1000, 3}, {2, 777, 5}};

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (int i = 0; i < COMBOS.length; i++) {
                int[] c = COMBOS[i];
                boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
                // Integers give ties, which must resolve to the first maximum; reals check the ordering.
                Domain domain = sum ? Domain.UNIT : i % 2 == 0 ? Domain.QUANTIZED : Domain.UNIT;
                cases.add(reduceCase(op, c[0], c[1], c[2], domain));
            }
            cases.add(reduceCase(op, 0, 17, 3, Domain.UNIT));
            cases.add(reduceCase(op, 3, 17, 0, Domain.UNIT));
        }
        cases.add(reduceCase(ReduceOp.SUM, 3, 0, 5, Domain.UNIT));
        cases.add(reduceCase(ReduceOp.MEAN, 3, 0, 5, Domain.UNIT));
        return cases;
    }

    private static ConformanceCase reduceCase(ReduceOp op, int outer, int len, int inner, Domain domain) {
        String ties = domain == Domain.QUANTIZED ? " with ties" : "";
        OpCase c = new OpCase("reduce " + op + " [outer " + outer + ", len " + len + ", inner " + inner + "]" + ties);
        int[] out = {outer, inner};
        double scale;
        Tolerances.Kind kind;
        switch (op) {
            case SUM: kind = ACCUMULATION; scale = Tolerances.sumScale(len, 1); break;
            case MEAN: kind = ACCUMULATION; scale = Tolerances.sumScale(len, 1) / Math.max(len, 1); break;
            default: kind = EXACT; scale = 1;
        }
        DType outType = op == ReduceOp.ARGMAX ? DType.I32 : DType.F32;
        return c.input("src", c.sample(domain, outer * len * inner))
                .output("dst", outType, out, kind, scale)
                .run((d, b) -> d.reduce(op, b.get("src"), outer, len, inner, b.get("dst")));
    }
}
