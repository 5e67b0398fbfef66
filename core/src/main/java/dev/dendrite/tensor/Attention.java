package dev.dendrite.tensor;

import dev.dendrite.device.Device;
import dev.dendrite.device.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * Scaled dot-product attention, {@code softmax(q k^T / sqrt(d) + mask) v}, as a composition of
 * tensor ops (batched matmul, scale, add, softmax, matmul), so it runs on every device and its
 * backward is the chain of theirs. Shapes as PyTorch's
 * {@code scaled_dot_product_attention}: q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv], giving
 * [..., Tq, dv]; the leading axes (usually [batch, heads]) broadcast as in matmul.
 *
 * <p>The causal mask lets query i see keys 0..i only (top-left aligned, as PyTorch's
 * {@code is_causal}); it is added as -infinity above the diagonal, so those probabilities are
 * exactly 0 and their gradients too. An additive mask (float, broadcastable to [..., Tq, Tk]) is
 * added to the scores as given: 0 keeps a key, -inf hides it.
 */
final class Attention {
    private Attention() {}

    /** The attention probabilities {@code softmax(q k^T / sqrt(d) + mask)}, [..., Tq, Tk]. */
    static Tensor weights(Tensor q, Tensor k, Tensor mask, boolean causal) {
        Check.notNull("attention", "q", q);
        Check.notNull("attention", "k", k);
        Check.open("attention", q, k);
        if (q.rank() < 2 || k.rank() < 2 || q.shape[q.rank() - 1] != k.shape[k.rank() - 1]) {
            throw new IllegalArgumentException("attention: q [..., Tq, d] and k [..., Tk, d] need the same d, got "
                    + Shapes.str(q.shape) + " and " + Shapes.str(k.shape));
        }
        int tq = q.shape[q.rank() - 2], tk = k.shape[k.rank() - 2], d = q.shape[q.rank() - 1];
        // Intermediates are freed at once when no graph holds them (inference), as in matmul.
        List<Tensor> temps = new ArrayList<>();
        Tensor kt = keep(temps, k.transpose(-2, -1));
        Tensor scores = keep(temps, keep(temps, q.matmul(kt)).mul((float) (1 / Math.sqrt(d))));
        if (mask != null) scores = keep(temps, scores.add(mask));
        if (causal) scores = keep(temps, scores.add(keep(temps, causalMask(q.device(), tq, tk))));
        return Graph.releaseTemps(scores.softmax(-1), temps.toArray(new Tensor[0]));
    }

    private static Tensor keep(List<Tensor> temps, Tensor t) {
        temps.add(t);
        return t;
    }

    /** {@code weights(q, k, mask, causal) v}, [..., Tq, dv]. */
    static Tensor attend(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        Check.notNull("attention", "v", v);
        if (v.rank() < 2 || v.shape[v.rank() - 2] != k.shape[k.rank() - 2]) {
            throw new IllegalArgumentException("attention: v [..., Tk, dv] needs the Tk of k, got k "
                    + Shapes.str(k.shape) + " and v " + Shapes.str(v.shape));
        }
        Tensor probs = weights(q, k, mask, causal);
        return Graph.releaseTemps(probs.matmul(v), probs);
    }

    /** [tq, tk]: 0 where key j <= query i, -infinity after it. */
    static Tensor causalMask(Device device, int tq, int tk) {
        float[] m = new float[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = i + 1; j < tk; j++) m[i * tk + j] = Float.NEGATIVE_INFINITY;
        }
        return Tensor.of(device, m, tq, tk);
    }
}
