package dev.dendrite.javadevice;

import dev.dendrite.device.AttentionShape;
import java.util.Arrays;

/**
 * Fused scaled dot-product attention on the CPU, a block of {@value #ROWS} query rows of one head
 * at a time: the block's scores (ROWS x tk floats, which stay in cache, never the whole tq x tk
 * matrix of every head) by the device's packed SGEMM, their softmax row by row, and the product
 * with v by SGEMM again, written straight to the output. On a CPU the two products are where the
 * time goes, and the micro-kernel runs them at full SIMD width; fusing saves the trips of the
 * scores and probabilities through memory. With the causal mask a block stops at its last
 * query's diagonal, so the products skip the hidden keys.
 */
final class AttentionRows {
    private AttentionRows() {}

    /** Query rows per block. */
    static final int ROWS = 64;

    /** How many blocks of query rows the shape has: the units the device's threads share. */
    static int blocks(AttentionShape s) {
        return s.batch() * ((s.tq() + ROWS - 1) / ROWS);
    }

    /** Blocks [from, to) of {@link #blocks}. */
    static void run(Gemm gemm, RowKernels rowKernels, AttentionShape s, float[] q, float[] k, float[] v, float[] mask, int maskOffset, int[] ms,
                    float[] out, float[] lse, int from, int to) {
        int tq = s.tq(), tk = s.tk(), d = s.d(), dv = s.dv();
        int perHead = (tq + ROWS - 1) / ROWS;
        float[] scores = new float[ROWS * tk];
        for (int unit = from; unit < to; unit++) {
            int b = unit / perHead, i0 = (unit - b * perHead) * ROWS;
            int rows = Math.min(ROWS, tq - i0);
            int keys = s.causal() ? Math.min(tk, i0 + rows) : tk;   // the block's last query sees no further
            int row0 = b * tq + i0;
            if (keys == 0) {
                Arrays.fill(out, row0 * dv, (row0 + rows) * dv, 0f);
                Arrays.fill(lse, row0, row0 + rows, Float.NEGATIVE_INFINITY);
                continue;
            }
            // scores [rows, keys] = q[block] k^T: element (p, j) of k^T is k[j, p]
            gemm.multiply(null, rows, keys, d, q, row0 * d, d, 1, k, b * tk * d, 1, d, scores, 0, keys, false);
            for (int r = 0; r < rows; r++) {
                int i = i0 + r, at = r * keys;
                int visible = s.causal() ? Math.min(keys, i + 1) : keys;
                for (int j = 0; j < visible; j++) scores[at + j] *= s.scale();
                if (mask != null) {
                    int mBase = maskOffset + b * ms[0] + i * ms[1];
                    for (int j = 0; j < visible; j++) scores[at + j] += mask[mBase + j * ms[2]];
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) max = Math.max(max, scores[at + j]);
                float total = rowKernels.expShifted(scores, at, visible, max);
                float inv = 1f / total;
                for (int j = 0; j < visible; j++) scores[at + j] *= inv;
                Arrays.fill(scores, at + visible, at + keys, 0f);   // hidden keys weigh nothing
                lse[row0 + r] = max + (float) Math.log(total);
            }
            // out[block] = p v
            gemm.multiply(null, rows, dv, keys, scores, 0, keys, 1, v, b * tk * dv, dv, 1, out, row0 * dv, dv, false);
        }
    }
}
