package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;
import static dev.dendrite.conformance.Tolerances.Kind.EXACT;

import dev.dendrite.device.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * indexSelect, indexAdd, gather and scatterAdd on the middle axis of [outer, len, inner], with
 * repeated indices (the adds must accumulate every one: embedding gradients), count 0, and the
 * cross-entropy shape (gather one class per row). Indices are always in range: checking them is
 * the tensor layer's job.
 */
final class IndexingCases {
    private IndexingCases() {}

    /** outer, len, inner, count. */
    private static final int[][] COMBOS = {{1, 17, 33, 5}, {3, 129, 1, 17}, {2, 3, 17, 33}, {1, 1, 1, 3}, {33, 10, 1, 1}, {2, 5, 3, 0}};

    static List<ConformanceCase> indexSelect() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] c : COMBOS) {
            int outer = c[0], len = c[1], inner = c[2], count = c[3];
            OpCase k = new OpCase("indexSelect " + describe(outer, len, inner, count));
            cases.add(k.input("src", k.sample(Domain.ANY, outer * len * inner))
                    .input("idx", TestShapes.ints(k.random(), count, 0, len))
                    .output("dst", DType.F32, new int[] {outer, count, inner}, EXACT, 1)
                    .run((d, b) -> d.indexSelect(b.get("src"), outer, len, inner, b.get("idx"), count, b.get("dst"))));
        }
        return cases;
    }

    static List<ConformanceCase> indexAdd() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] c : COMBOS) {
            int outer = c[0], len = c[1], inner = c[2], count = c[3];
            OpCase k = new OpCase("indexAdd " + describe(outer, len, inner, count) + " repeated indices");
            // Few distinct indices, so most are repeated.
            int distinct = Math.max(1, Math.min(len, 4));
            cases.add(k.inout("dst", k.sample(Domain.UNIT, outer * len * inner), new int[] {outer, len, inner},
                            ACCUMULATION, Tolerances.sumScale(count + 1, 1))
                    .input("idx", TestShapes.ints(k.random(), count, 0, distinct))
                    .input("src", k.sample(Domain.UNIT, outer * count * inner))
                    .run((d, b) -> d.indexAdd(b.get("dst"), outer, len, inner, b.get("idx"), count, b.get("src"))));
        }
        return cases;
    }

    static List<ConformanceCase> gather() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] c : COMBOS) {
            int outer = c[0], len = c[1], inner = c[2], count = c[3];
            OpCase k = new OpCase("gather " + describe(outer, len, inner, count));
            cases.add(k.input("src", k.sample(Domain.ANY, outer * len * inner))
                    .input("idx", TestShapes.ints(k.random(), outer * count * inner, 0, len))
                    .output("dst", DType.F32, new int[] {outer, count, inner}, EXACT, 1)
                    .run((d, b) -> d.gather(b.get("src"), outer, len, inner, b.get("idx"), count, b.get("dst"))));
        }
        return cases;
    }

    static List<ConformanceCase> scatterAdd() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] c : COMBOS) {
            int outer = c[0], len = c[1], inner = c[2], count = c[3];
            OpCase k = new OpCase("scatterAdd " + describe(outer, len, inner, count) + " repeated indices");
            int distinct = Math.max(1, Math.min(len, 3));
            cases.add(k.inout("dst", k.sample(Domain.UNIT, outer * len * inner), new int[] {outer, len, inner},
                            ACCUMULATION, Tolerances.sumScale(count + 1, 1))
                    .input("idx", TestShapes.ints(k.random(), outer * count * inner, 0, distinct))
                    .input("src", k.sample(Domain.UNIT, outer * count * inner))
                    .run((d, b) -> d.scatterAdd(b.get("dst"), outer, len, inner, b.get("idx"), count, b.get("src"))));
        }
        return cases;
    }

    private static String describe(int outer, int len, int inner, int count) {
        return "[outer " + outer + ", len " + len + ", inner " + inner + "] count " + count;
    }
}
