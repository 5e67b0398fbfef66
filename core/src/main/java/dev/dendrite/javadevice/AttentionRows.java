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
 *
 * <p>The backward pass ({@link #backward}) takes one head at a time, its query blocks in order, so
 * the head's dk and dv (which gather every query's contribution) are summed by one thread, in
 * place, with no atomics and no partial copies to add up. For a block it recomputes the
 * probabilities P = exp(scale q k^T + mask - lse) into one ROWS x keys array, turns the
 * product dO v^T in a second one into dS = scale P (dP - D) in place, and runs the three
 * gradient products (dv += P^T dO, dq = dS k, dk += dS^T q) through SGEMM while both arrays are
 * in cache: five products per block, as the composition has, but no tq x tk matrix in memory, no
 * separate passes for the mask, the exponential or the softmax rule, and no allocation but the
 * two block arrays per call and thread.
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
        float[] scores = new float[ROWS * tk], laneSums = rowKernels.newLaneSums();
        int lanes = rowKernels.lanes();
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
                // A causal row's visible length is rarely a whole number of vectors, and the
                // exponentials past the last whole one went one by one (3.5% of a GPT epoch): the
                // hidden keys up to the next whole vector become -inf instead, whose e^x is 0.
                int padded = Math.min(keys, (visible + lanes - 1) / lanes * lanes);
                Arrays.fill(scores, at + visible, at + padded, Float.NEGATIVE_INFINITY);
                float total = rowKernels.expShifted(scores, at, padded, max, laneSums);
                float inv = 1f / total;
                for (int j = 0; j < visible; j++) scores[at + j] *= inv;
                Arrays.fill(scores, at + visible, at + keys, 0f);   // hidden keys weigh nothing
                lse[row0 + r] = max + (float) Math.log(total);
            }
            // out[block] = p v
            gemm.multiply(null, rows, dv, keys, scores, 0, keys, 1, v, b * tk * dv, dv, 1, out, row0 * dv, dv, false);
        }
    }

    /**
     * Heads [from, to) of Device.attentionBackward ({@code s.batch()} units); dq, dk and dv may be
     * null (not wanted).
     */
    static void backward(Gemm gemm, RowKernels rowKernels, AttentionShape s, float[] q, float[] k, float[] v,
                         float[] mask, int maskOffset, int[] ms, float[] out, float[] lse, float[] gradOut,
                         float[] dq, float[] dk, float[] dv, int from, int to) {
        int tq = s.tq(), tk = s.tk(), d = s.d(), dvw = s.dv();
        float scale = s.scale();
        float[] p = new float[Math.min(ROWS, tq) * tk];    // the block's probabilities
        float[] ds = new float[p.length];                  // dO v^T, then dS = scale P (dP - D) in place
        float[] laneSums = rowKernels.newLaneSums();
        for (int b = from; b < to; b++) {
            int kBase = b * tk * d, vBase = b * tk * dvw;
            if (dk != null) Arrays.fill(dk, kBase, kBase + tk * d, 0f);      // the blocks add to them
            if (dv != null) Arrays.fill(dv, vBase, vBase + tk * dvw, 0f);
            for (int i0 = 0; i0 < tq; i0 += ROWS) {
                int rows = Math.min(ROWS, tq - i0);
                int keys = s.causal() ? Math.min(tk, i0 + rows) : tk;
                int row0 = b * tq + i0;
                if (keys == 0) {
                    if (dq != null) Arrays.fill(dq, row0 * d, (row0 + rows) * d, 0f);
                    continue;
                }
                // P [rows, keys] = exp(scale q k^T + mask - lse), 0 where the causal mask hides the key
                gemm.multiply(null, rows, keys, d, q, row0 * d, d, 1, k, kBase, 1, d, p, 0, keys, false);
                for (int r = 0; r < rows; r++) {
                    int i = i0 + r, at = r * keys;
                    int visible = s.causal() ? Math.min(keys, i + 1) : keys;
                    for (int j = 0; j < visible; j++) p[at + j] *= scale;
                    if (mask != null) {
                        int mBase = maskOffset + b * ms[0] + i * ms[1];
                        for (int j = 0; j < visible; j++) p[at + j] += mask[mBase + j * ms[2]];
                    }
                    // the whole row, hidden keys too: a causal row's visible length is rarely a
                    // whole number of vectors, and the elements past the last whole one would take
                    // their exponentials one by one. A hidden key's score may lie above lse, where
                    // expShifted's result is wrong (it expects x - shift <= 0): zeros overwrite them next.
                    rowKernels.expShifted(p, at, keys, lse[row0 + r], laneSums);
                    Arrays.fill(p, at + visible, at + keys, 0f);
                }
                // dv [keys, dv] += P^T dO: element (j, r) of P^T is p[r * keys + j]
                if (dv != null) {
                    gemm.multiply(null, keys, dvw, rows, p, 0, 1, keys, gradOut, row0 * dvw, dvw, 1, dv, vBase, dvw, true);
                }
                if (dq == null && dk == null) continue;
                // dP [rows, keys] = dO v^T, then dS = scale P (dP - D) with D_i = dO_i . out_i
                gemm.multiply(null, rows, keys, dvw, gradOut, row0 * dvw, dvw, 1, v, vBase, 1, dvw, ds, 0, keys, false);
                for (int r = 0; r < rows; r++) {
                    int o = (row0 + r) * dvw, at = r * keys;
                    float rowD = 0f;
                    for (int c = 0; c < dvw; c++) rowD += gradOut[o + c] * out[o + c];
                    for (int x = at; x < at + keys; x++) ds[x] = scale * p[x] * (ds[x] - rowD);
                }
                // dq [rows, d] = dS k; dk [keys, d] += dS^T q
                if (dq != null) gemm.multiply(null, rows, d, keys, ds, 0, keys, 1, k, kBase, d, 1, dq, row0 * d, d, false);
                if (dk != null) gemm.multiply(null, keys, d, rows, ds, 0, 1, keys, q, row0 * d, d, 1, dk, kBase, d, true);
            }
        }
    }
}
