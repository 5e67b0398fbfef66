package dev.dendrite.javadevice;

/**
 * Softmax and log-softmax along the middle axis of a contiguous {@code [outer, len, inner]} block,
 * in the numerically safe form: subtract the maximum before exponentiating, so no exp overflows,
 * and compute log-softmax as {@code x - max - log(sum(exp(x - max)))} rather than log(softmax).
 * Sums are accumulated in double. Work is split by lines: line {@code t} is (o = t / inner, i = t % inner).
 */
final class Softmax {
    private Softmax() {}

    static void run(float[] x, int outer, int len, int inner, boolean log, float[] y, int fromLine, int toLine) {
        for (int t = fromLine; t < toLine; t++) {
            int o = t / inner, i = t - o * inner;
            int base = o * len * inner + i;
            float max = Float.NEGATIVE_INFINITY;
            for (int l = 0, p = base; l < len; l++, p += inner) max = Math.max(max, x[p]);
            if (max == Float.NEGATIVE_INFINITY) max = 0; // all -inf: avoid (-inf) - (-inf) = NaN
            double sum = 0;
            if (log) {
                for (int l = 0, p = base; l < len; l++, p += inner) sum += Math.exp(x[p] - max);
                double logSum = Math.log(sum);
                for (int l = 0, p = base; l < len; l++, p += inner) y[p] = (float) (x[p] - max - logSum);
            } else {
                // exp is the expensive part: keep each exp in y and only rescale it afterwards.
                for (int l = 0, p = base; l < len; l++, p += inner) {
                    float e = (float) Math.exp(x[p] - max);
                    y[p] = e;
                    sum += e;
                }
                double inv = 1.0 / sum;
                for (int l = 0, p = base; l < len; l++, p += inner) y[p] = (float) (y[p] * inv);
            }
        }
    }
}
