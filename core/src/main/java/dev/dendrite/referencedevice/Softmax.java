package dev.dendrite.referencedevice;

/**
 * Softmax and log-softmax along the middle axis of a contiguous {@code [outer, len, inner]} block,
 * in double: subtracting the line's maximum first keeps exp from overflowing, and log-softmax is
 * {@code x - max - log(sum exp(x - max))}, never the log of a probability that underflowed to 0.
 */
final class Softmax {
    private Softmax() {}

    /** dst[o, :, i] = softmax (or log-softmax) of src[o, :, i]. */
    static void softmax(float[] src, int outer, int len, int inner, boolean log, float[] dst) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int l = 0; l < len; l++) max = Math.max(max, src[(o * len + l) * inner + i]);
                for (int l = 0; l < len; l++) sum += Math.exp(src[(o * len + l) * inner + i] - max);
                for (int l = 0; l < len; l++) {
                    double shifted = src[(o * len + l) * inner + i] - max;
                    dst[(o * len + l) * inner + i] = (float) (log ? shifted - Math.log(sum) : Math.exp(shifted) / sum);
                }
            }
        }
    }
}
