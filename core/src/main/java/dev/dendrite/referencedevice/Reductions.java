package dev.dendrite.referencedevice;

import dev.dendrite.device.ReduceOp;

/**
 * Reductions of the middle axis of a contiguous {@code [outer, len, inner]} block: element
 * {@code (o, l, i)} is at {@code (o * len + l) * inner + i}, output {@code (o, i)} at {@code o * inner + i}.
 */
final class Reductions {
    private Reductions() {}

    /** SUM, MEAN (in double; an empty MEAN is 0/0 = NaN), MAX or MIN (NaN wins) of each column. */
    static void reduce(ReduceOp op, float[] src, int outer, int len, int inner, float[] dst) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0;
                for (int l = 0; l < len; l++) {
                    double v = src[(o * len + l) * inner + i];
                    acc = op == ReduceOp.MAX ? Math.max(acc, v) : op == ReduceOp.MIN ? Math.min(acc, v) : acc + v;
                }
                dst[o * inner + i] = (float) (op == ReduceOp.MEAN ? acc / len : acc);
            }
        }
    }

    /** Index of the first maximum of each column; the first NaN if there is one. */
    static void argmax(float[] src, int outer, int len, int inner, int[] dst) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                for (int l = 1; l < len && !Float.isNaN(src[(o * len + best) * inner + i]); l++) {
                    float v = src[(o * len + l) * inner + i];
                    if (v > src[(o * len + best) * inner + i] || Float.isNaN(v)) best = l;
                }
                dst[o * inner + i] = best;
            }
        }
    }
}
