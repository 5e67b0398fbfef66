package dev.dendrite.javadevice;

import dev.dendrite.device.View;

/**
 * Softmax and log-softmax along the middle axis of an {@code [outer, len, inner]} view (read
 * through its three strides; the output is contiguous),
 * in the numerically safe form: subtract the maximum before exponentiating, so no exp overflows,
 * and compute log-softmax as {@code x - max - log(sum(exp(x - max)))} rather than log(softmax).
 * Sums are accumulated in double. Work is split by lines: line {@code t} is (o = t / inner, i = t % inner).
 *
 * <p>That loop, with Math.exp, is the scalar device's. With the Vector API a line goes to
 * {@link RowKernels#softmax} ({@link VectorExp}, 20 times faster): contiguous lines where they lie,
 * strided ones (softmax over an axis that is not the last) gathered into a scratch row first and
 * scattered back after. Strided lines that lie side by side in x (softmax down the columns of a
 * matrix) are gathered {@link #GROUP} at a time: each step down the axis then reads and writes
 * {@link #GROUP} neighbouring floats, one cache line, where a line by itself touched a new line
 * of x and of y for every element (4096 x 1024 down its columns: 36 ms, 0.9 GB/s).
 */
final class Softmax {
    private Softmax() {}

    /** Neighbouring strided lines gathered together: a cache line of floats. */
    static final int GROUP = 16;

    static void run(RowKernels rows, float[] x, View view, int outer, int len, int inner, boolean log, float[] y,
                    int fromLine, int toLine) {
        int[] st = view.strides();
        int step = st[1];
        boolean strided = step != 1 || inner != 1, gather = strided;
        // contiguous lines (inner is 1): all of them in one call, lying st[0] apart in x
        if (!strided && rows.softmax(x, view.offset() + fromLine * st[0], st[0], y, fromLine * len,
                                     toLine - fromLine, len, log)) return;
        float[] in = null, out = null;   // scratch rows for strided lines
        for (int t = fromLine; t < toLine; t++) {
            int o = t / inner, i = t - o * inner;
            int base = o * len * inner + i;                       // in y
            int from = view.offset() + o * st[0] + i * st[2];     // in x
            if (gather && st[2] == 1 && i + GROUP <= inner && t + GROUP <= toLine) {
                // GROUP lines side by side, gathered as GROUP scratch rows, one step of the axis at a time
                if (in == null || in.length < GROUP * len) {
                    in = new float[GROUP * len];
                    out = new float[GROUP * len];
                }
                for (int l = 0, q = from; l < len; l++, q += step) {
                    for (int g = 0; g < GROUP; g++) in[g * len + l] = x[q + g];
                }
                if (rows.softmax(in, 0, len, out, 0, GROUP, len, log)) {
                    for (int l = 0, p = base; l < len; l++, p += inner) {
                        for (int g = 0; g < GROUP; g++) y[p + g] = out[g * len + l];
                    }
                    t += GROUP - 1;
                    continue;
                }
                gather = false;   // not covered: the loop below does every line
            }
            if (gather) {
                if (in == null) {
                    in = new float[len];
                    out = new float[len];
                }
                for (int l = 0, q = from; l < len; l++, q += step) in[l] = x[q];
                if (rows.softmax(in, 0, len, out, 0, 1, len, log)) {
                    for (int l = 0, p = base; l < len; l++, p += inner) y[p] = out[l];
                    continue;
                }
                gather = false;   // not covered: the loop below does every line
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int l = 0, q = from; l < len; l++, q += step) max = Math.max(max, x[q]);
            if (max == Float.NEGATIVE_INFINITY) max = 0; // all -inf: avoid (-inf) - (-inf) = NaN
            double sum = 0;
            if (log) {
                for (int l = 0, q = from; l < len; l++, q += step) sum += Math.exp(x[q] - max);
                double logSum = Math.log(sum);
                for (int l = 0, p = base, q = from; l < len; l++, p += inner, q += step) y[p] = (float) (x[q] - max - logSum);
            } else {
                // exp is the expensive part: keep each exp in y and only rescale it afterwards.
                for (int l = 0, p = base, q = from; l < len; l++, p += inner, q += step) {
                    float e = (float) Math.exp(x[q] - max);
                    y[p] = e;
                    sum += e;
                }
                double inv = 1.0 / sum;
                for (int l = 0, p = base; l < len; l++, p += inner) y[p] = (float) (y[p] * inv);
            }
        }
    }
}
