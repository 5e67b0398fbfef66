package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.SOFTMAX;

import dev.dendrite.device.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * softmax and log-softmax along the middle axis of [outer, len, inner]: last axis, middle axis,
 * len 1 (softmax 1, log-softmax 0), long axes, empty blocks, and large-magnitude inputs that
 * overflow exp unless the maximum is subtracted first (and that underflow a log(softmax)).
 */
final class SoftmaxCases {
    private SoftmaxCases() {}

    private static final int[][] COMBOS = {{1, 129, 1}, {3, 17, 33}, {33, 3, 1}, {2, 1, 17}, {17, 33, 3}, {2, 1025, 3}, {513, 129, 1}};

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (boolean log : new boolean[] {false, true}) {
            for (int[] c : COMBOS) cases.add(softmaxCase(c[0], c[1], c[2], log, Input.ORDINARY));
            cases.add(softmaxCase(4, 33, 1, log, Input.WIDE));
            cases.add(softmaxCase(3, 17, 5, log, Input.LARGE_OFFSET));
            cases.add(softmaxCase(0, 5, 3, log, Input.ORDINARY));
            cases.add(softmaxCase(3, 0, 4, log, Input.ORDINARY));
        }
        return cases;
    }

    private enum Input {
        /** [-3, 3]. */
        ORDINARY,
        /** [-1000, 1000]: most probabilities underflow, log-probabilities reach -2000. */
        WIDE,
        /** 3000 +- 20: exp overflows unless the maximum is subtracted. */
        LARGE_OFFSET
    }

    private static ConformanceCase softmaxCase(int outer, int len, int inner, boolean log, Input input) {
        String label = (log ? "logSoftmax" : "softmax") + " [outer " + outer + ", len " + len + ", inner " + inner + "]"
                + (input == Input.ORDINARY ? "" : " inputs " + input.toString().toLowerCase().replace('_', ' '));
        OpCase c = new OpCase(label);
        int n = outer * len * inner;
        float[] x;
        switch (input) {
            case WIDE: x = TestShapes.uniform(c.random(), n, -1000, 1000); break;
            case LARGE_OFFSET: x = TestShapes.uniform(c.random(), n, 2980, 3020); break;
            default: x = c.sample(Domain.ANY, n);
        }
        return c.input("src", x)
                .output("dst", DType.F32, new int[] {outer, len, inner}, SOFTMAX, 1)
                .run((d, b) -> d.softmax(b.get("src"), outer, len, inner, log, b.get("dst")));
    }
}
