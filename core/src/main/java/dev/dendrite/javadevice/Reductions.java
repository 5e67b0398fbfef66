package dev.dendrite.javadevice;

import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.View;

/**
 * Reductions along the middle axis of an {@code [outer, len, inner]} view: element (o, l, i) at
 * {@code offset + o * outerStride + l * lenStride + i * innerStride}. A contiguous block has
 * strides (len * inner, inner, 1); the loops are the same for any strides, and a row whose
 * elements are adjacent (lenStride 1) takes {@link RowKernels#sum} (in double lanes with the
 * Vector API, four double accumulators without).
 *
 * <p>Sums accumulate in double, so the reference result is the float nearest the true sum for all
 * but pathological inputs. MAX/MIN propagate NaN (as PyTorch does); ARGMAX returns the first
 * maximum, and the first NaN if there is one.
 *
 * <p>Work is given per output range {@code [from, to)} of the flat {@code [outer, inner]} output,
 * so the device can split it across threads.
 */
final class Reductions {
    private Reductions() {}

    static void run(RowKernels rows, ReduceOp op, float[] src, View view, int outer, int len, int inner, Object dst,
                    int from, int to) {
        int[] st = view.strides();
        for (int o = from / inner, start = from; start < to; o++) {
            int i0 = start - o * inner;
            int i1 = Math.min(inner, to - o * inner);
            reduceBlock(rows, op, src, view.offset() + o * st[0], len, st[1], st[2], i0, i1, dst, o * inner);
            start = (o + 1) * inner;
        }
    }

    /** Reduces columns [i0, i1) of one [len, inner] block (steps lenStride, innerStride) into dst[dstBase + i]. */
    private static void reduceBlock(RowKernels rows, ReduceOp op, float[] src, int base, int len, int lenStride, int innerStride,
                                    int i0, int i1, Object dst, int dstBase) {
        switch (op) {
            case SUM, MEAN -> {
                float[] y = (float[]) dst;
                if (lenStride != 1 && innerStride == 1) {
                    // Columns of a [len, inner] block: walk it row by row (in memory order) with a
                    // running sum per column, rather than down each column in steps of lenStride,
                    // which touches a new cache line for every element. Each column still adds its
                    // rows in order, so the sums are the same to the bit. (A bias's gradient: the
                    // row kernels add a row with the Vector API, as C2 leaves this loop scalar.)
                    double[] sums = new double[i1 - i0];
                    for (int l = 0, row = base + i0; l < len; l++, row += lenStride) rows.addToSums(sums, src, row, sums.length);
                    for (int i = i0; i < i1; i++) {
                        double sum = sums[i - i0];
                        y[dstBase + i] = (float) (op == ReduceOp.MEAN ? sum / len : sum);
                    }
                } else {
                    double[] laneSums = lenStride == 1 ? new double[rows.doubleLanes()] : null;
                    for (int i = i0; i < i1; i++) {
                        int first = base + i * innerStride;
                        double sum = lenStride == 1 ? rows.sum(src, first, len, laneSums) : 0;
                        if (lenStride != 1) for (int l = 0, p = first; l < len; l++, p += lenStride) sum += src[p];
                        y[dstBase + i] = (float) (op == ReduceOp.MEAN ? sum / len : sum);
                    }
                }
            }
            case MAX, MIN -> {
                float[] y = (float[]) dst;
                boolean max = op == ReduceOp.MAX;
                for (int i = i0; i < i1; i++) y[dstBase + i] = rows.extremum(src, base + i * innerStride, lenStride, len, max);
            }
            case ARGMAX -> {
                int[] y = (int[]) dst;
                for (int i = i0; i < i1; i++) {
                    if (lenStride == 1) {
                        // The row's maximum first (the row kernels take it by vectors), then the first
                        // float equal to it (of +0 and -0, which compare equal, the first zero, as the
                        // loop below finds). A NaN maximum (the row has a NaN) is left to that loop.
                        int first = base + i * innerStride;
                        float max = rows.extremum(src, first, 1, len, true);
                        if (max == max) {
                            y[dstBase + i] = rows.indexOf(src, first, len, max);
                            continue;
                        }
                    }
                    float best = src[base + i * innerStride];
                    int bestIndex = 0;
                    if (best == best) {
                        for (int l = 1, p = base + i * innerStride + lenStride; l < len; l++, p += lenStride) {
                            float v = src[p];
                            if (v != v) { bestIndex = l; break; }
                            if (v > best) { best = v; bestIndex = l; }
                        }
                    }
                    y[dstBase + i] = bestIndex;
                }
            }
        }
    }
}
