package dev.dendrite.referencedevice;

import dev.dendrite.device.AttentionShape;

/**
 * Scaled dot-product attention as the definition says, one query row at a time: every score of
 * the row (in double), the softmax of the row, then the weighted sum of the value rows. What
 * the fused kernels compute without keeping a row of scores (attention.cl explains how). The
 * backward pass recomputes each probability from the saved log-sum-exp and applies the rules of
 * the two products and the softmax, one query row at a time, summing in double.
 */
final class Attention {
    private Attention() {}

    /**
     * @param mask       the additive mask's buffer, or null
     * @param maskOffset element [0, 0, 0] of the mask
     * @param ms         the mask's strides over [batch, tq, tk] (0 where it broadcasts)
     */
    static void forward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, int maskOffset, int[] ms,
                        float[] out, float[] logSumExp) {
        int tq = s.tq(), tk = s.tk(), d = s.d(), dv = s.dv();
        double[] scores = new double[tk];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < tq; i++) {
                int row = b * tq + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tk; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += (double) q[row * d + c] * k[(b * tk + j) * d + c];
                    double score = s.scale() * dot;
                    if (mask != null) score += mask[maskOffset + b * ms[0] + i * ms[1] + j * ms[2]];
                    if (s.causal() && j > i) score = Double.NEGATIVE_INFINITY;
                    scores[j] = score;
                    max = Math.max(max, score);
                }
                double total = 0;
                for (int j = 0; j < tk; j++) total += scores[j] = Math.exp(scores[j] - max);
                for (int c = 0; c < dv; c++) {
                    double acc = 0;
                    for (int j = 0; j < tk; j++) acc += scores[j] * v[(b * tk + j) * dv + c];
                    out[row * dv + c] = tk == 0 ? 0f : (float) (acc / total);
                }
                logSumExp[row] = tk == 0 ? Float.NEGATIVE_INFINITY : (float) (max + Math.log(total));
            }
        }
    }

    /** Device.attentionBackward; dq, dk and dv may be null. */
    static void backward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, int maskOffset, int[] ms,
                         float[] out, float[] logSumExp, float[] gradOut, float[] dq, float[] dk, float[] dv) {
        int tq = s.tq(), tk = s.tk(), d = s.d(), dvWidth = s.dv();
        double[] p = new double[tk], ds = new double[tk];
        double[] dkSum = new double[tk * d], dvSum = new double[tk * dvWidth];
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(dkSum, 0);
            java.util.Arrays.fill(dvSum, 0);
            for (int i = 0; i < tq; i++) {
                int row = b * tq + i;
                double rowD = 0;   // D_i = gradOut_i . out_i
                for (int c = 0; c < dvWidth; c++) rowD += (double) gradOut[row * dvWidth + c] * out[row * dvWidth + c];
                for (int j = 0; j < tk; j++) {
                    int key = b * tk + j;
                    if (s.causal() && j > i) {
                        p[j] = 0;
                        ds[j] = 0;
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += (double) q[row * d + c] * k[key * d + c];
                    double score = s.scale() * dot;
                    if (mask != null) score += mask[maskOffset + b * ms[0] + i * ms[1] + j * ms[2]];
                    p[j] = Math.exp(score - logSumExp[row]);
                    double dp = 0;
                    for (int c = 0; c < dvWidth; c++) dp += (double) gradOut[row * dvWidth + c] * v[key * dvWidth + c];
                    ds[j] = p[j] * (dp - rowD);
                }
                for (int c = 0; dq != null && c < d; c++) {
                    double acc = 0;
                    for (int j = 0; j < tk; j++) acc += ds[j] * k[(b * tk + j) * d + c];
                    dq[row * d + c] = (float) (s.scale() * acc);
                }
                for (int j = 0; j < tk; j++) {
                    for (int c = 0; c < d; c++) dkSum[j * d + c] += ds[j] * q[row * d + c];
                    for (int c = 0; c < dvWidth; c++) dvSum[j * dvWidth + c] += p[j] * gradOut[row * dvWidth + c];
                }
            }
            for (int e = 0; dk != null && e < tk * d; e++) dk[b * tk * d + e] = (float) (s.scale() * dkSum[e]);
            for (int e = 0; dv != null && e < tk * dvWidth; e++) dv[b * tk * dvWidth + e] = (float) dvSum[e];
        }
    }
}
