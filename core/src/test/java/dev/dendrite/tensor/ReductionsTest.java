package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reductions over every kind of axis set, against a plain loop over all elements. */
class ReductionsTest {
    final Random random = new Random(3);

    enum Kind { SUM, MEAN, MAX, MIN }

    static final int[][] SHAPES = {{17}, {3, 33}, {129, 3}, {2, 17, 3}, {3, 1, 5, 2}, {1}};

    /** Reference: fold every element into the slot of its kept indices. */
    static float[] reference(Kind kind, float[] data, int[] shape, boolean[] reduced) {
        int outN = 1;
        for (int d = 0; d < shape.length; d++) if (!reduced[d]) outN *= shape[d];
        double[] acc = new double[outN];
        int[] count = new int[outN];
        java.util.Arrays.fill(acc, kind == Kind.MAX ? Double.NEGATIVE_INFINITY : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < data.length; i++) {
            int[] idx = unravel(i, shape);
            int o = 0;
            for (int d = 0; d < shape.length; d++) if (!reduced[d]) o = o * shape[d] + idx[d];
            switch (kind) {
                case MAX: acc[o] = Math.max(acc[o], data[i]); break;
                case MIN: acc[o] = Math.min(acc[o], data[i]); break;
                default: acc[o] += data[i];
            }
            count[o]++;
        }
        float[] out = new float[outN];
        for (int o = 0; o < outN; o++) out[o] = (float) (kind == Kind.MEAN ? acc[o] / count[o] : acc[o]);
        return out;
    }

    static Tensor apply(Kind kind, Tensor x, int[] axes, boolean keepdim) {
        switch (kind) {
            case SUM: return x.sum(axes, keepdim);
            case MEAN: return x.mean(axes, keepdim);
            case MAX: return x.max(axes, keepdim);
            default: return x.min(axes, keepdim);
        }
    }

    @Test
    void everyAxisSubsetOfEveryShape() {
        int case_ = 0;
        for (int[] shape : SHAPES) {
            int rank = shape.length;
            for (int mask = 1; mask < (1 << rank); mask++) {
                boolean[] reduced = new boolean[rank];
                int n = Integer.bitCount(mask);
                int[] axes = new int[n];
                for (int d = 0, j = 0; d < rank; d++) {
                    if ((mask & (1 << d)) != 0) {
                        reduced[d] = true;
                        axes[j++] = case_ % 2 == 0 ? d : d - rank; // negative axes too
                    }
                }
                for (Kind kind : Kind.values()) {
                    case_++;
                    try (Scope s = Scope.open()) {
                        float[] data = random(random, numel(shape));
                        Tensor x = either(case_, data, shape);
                        boolean keepdim = case_ % 3 == 0;
                        Tensor out = apply(kind, x, axes, keepdim);
                        int[] want = shape.clone();
                        int kept = 0;
                        for (int d = 0; d < rank; d++) if (reduced[d]) want[d] = 1; else kept++;
                        if (!keepdim) {
                            int[] w = new int[kept];
                            for (int d = 0, j = 0; d < rank; d++) if (!reduced[d]) w[j++] = shape[d];
                            want = w;
                        }
                        assertArrayEquals(want, out.shape(), kind + " " + java.util.Arrays.toString(axes));
                        assertClose(reference(kind, data, shape, reduced), out, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void reductionsToScalars() {
        try (Scope s = Scope.open()) {
            float[] data = random(random, 17 * 33);
            Tensor x = strided(data, 17, 33);
            double sum = 0;
            float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
            for (float v : data) {
                sum += v;
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            assertEquals(0, x.sum().rank());
            assertEquals(sum, x.sum().item(), 1e-3);
            assertEquals(sum / data.length, x.mean().item(), 1e-5);
            assertEquals(max, x.max().item());
            assertEquals(min, x.min().item());
            assertEquals(0f, Tensor.zeros(D, 0, 3).sum().item());
            assertArrayEquals(new int[] {0}, Tensor.zeros(D, 0, 3).sum(1, false).shape());
            assertEquals(5f, Tensor.scalar(D, 5f).sum().item());
        }
    }

    @Test
    void argmaxFindsTheFirstMaximum() {
        try (Scope s = Scope.open()) {
            float[] data = random(random, 17 * 33);
            data[40] = data[41] = 9f; // a tie in row 1 (cols 7 and 8)
            Tensor x = tensor(data, 17, 33);
            Tensor am = x.argmax(1, false);
            assertEquals(DType.I32, am.dtype());
            int[] got = am.toIntArray();
            for (int r = 0; r < 17; r++) {
                int best = 0;
                for (int c = 1; c < 33; c++) if (data[r * 33 + c] > data[r * 33 + best]) best = c;
                assertEquals(best, got[r], "row " + r);
            }
            assertEquals(7, got[1]);
            int[] cols = x.argmax(0, true).toIntArray();
            assertEquals(33, cols.length);
            for (int c = 0; c < 33; c++) {
                int best = 0;
                for (int r = 1; r < 17; r++) if (data[r * 33 + c] > data[best * 33 + c]) best = r;
                assertEquals(best, cols[c]);
            }
            assertEquals(40f, x.argmax().item());
        }
    }

    @Test
    void reductionErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(D, 2, 3);
            assertEquals("sum: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)",
                    assertThrows(IllegalArgumentException.class, () -> x.sum(2, false)).getMessage());
            assertEquals("sum: axis -1 is listed twice in [1, -1] for shape [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {1, -1}, false)).getMessage());
            assertEquals("max: cannot reduce over an empty axis (shape [0, 3])",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 0, 3).max(0, false)).getMessage());
            assertEquals("sum: expected a float32 tensor, got int32 of shape [3]; convert with toFloat()",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.arangeInt(D, 3).sum()).getMessage());
        }
    }
}
