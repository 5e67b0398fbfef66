package dev.dendrite.javadevice;

import dev.dendrite.device.AttentionShape;

/**
 * Fused scaled dot-product attention on the CPU, one query row at a time: the row's scores (a
 * row of tk floats, never the tq x tk matrix), its softmax, and the weighted sum of value rows,
 * written straight to the output. Both inner loops run along contiguous memory with no
 * reduction inside (scores[j] += q[c] * kT[c, j], acc[c] += p * v[j, c]), the shape HotSpot's
 * auto-vectoriser turns into SIMD: that is why each head's K is first transposed to kT [d, tk].
 */
final class AttentionRows {
    private AttentionRows() {}

    /** Rows [from, to) of the flattened [batch * tq] queries. */
    static void run(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, int maskOffset, int[] ms,
                    float[] out, float[] lse, int from, int to) {
        int tq = s.tq(), tk = s.tk(), d = s.d(), dv = s.dv();
        float scale = s.scale();
        float[] kT = new float[d * tk];
        float[] scores = new float[tk];
        float[] acc = new float[dv];
        int head = -1;
        for (int row = from; row < to; row++) {
            int b = row / tq, i = row - b * tq;
            if (b != head) {
                head = b;
                int kBase = b * tk * d;
                for (int j = 0; j < tk; j++) {
                    for (int c = 0; c < d; c++) kT[c * tk + j] = k[kBase + j * d + c];
                }
            }
            int keys = s.causal() ? Math.min(tk, i + 1) : tk;   // keys after i are hidden: skip them
            java.util.Arrays.fill(scores, 0, keys, 0f);
            int qBase = row * d;
            for (int c = 0; c < d; c++) {
                float qc = q[qBase + c] * scale;
                int kc = c * tk;
                for (int j = 0; j < keys; j++) scores[j] += qc * kT[kc + j];
            }
            if (mask != null) {
                int mBase = maskOffset + b * ms[0] + i * ms[1];
                for (int j = 0; j < keys; j++) scores[j] += mask[mBase + j * ms[2]];
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) max = Math.max(max, scores[j]);
            java.util.Arrays.fill(acc, 0f);
            float total = 0f;
            int vBase = b * tk * dv;
            for (int j = 0; j < keys; j++) {
                float p = (float) Math.exp(scores[j] - max);
                total += p;
                int vj = vBase + j * dv;
                for (int c = 0; c < dv; c++) acc[c] += p * v[vj + c];
            }
            int oBase = row * dv;
            if (tk == 0) {
                java.util.Arrays.fill(out, oBase, oBase + dv, 0f);
                lse[row] = Float.NEGATIVE_INFINITY;
                continue;
            }
            float inv = 1f / total;
            for (int c = 0; c < dv; c++) out[oBase + c] = acc[c] * inv;
            lse[row] = max + (float) Math.log(total);
        }
    }
}
