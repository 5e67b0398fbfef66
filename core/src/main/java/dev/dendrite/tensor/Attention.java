package dev.dendrite.tensor;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;
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
 *
 * <p>{@link #attend} has two paths. The <b>fused</b> one makes one device call,
 * {@link Device#attention}, which never writes the Tq x Tk probabilities to memory (the kernel
 * devices' attention.cl explains the online softmax that allows it) and returns the log-sum-exp
 * of each row's scores beside the output; its backward is one more device call,
 * {@link Device#attentionBackward}, which recomputes the probabilities from q, k and that
 * log-sum-exp ({@code p = exp(s - lse)}) and applies the softmax rule
 * {@code ds = p * (dp - rowsum(dO * out))} block by block, again with no Tq x Tk matrix in memory
 * (a mask that needs its own gradient takes the same rules as tensor ops instead). It is taken when q, k and v share their leading axes
 * (no broadcasting between them), d and dv are at most {@link AttentionShape#MAX_HEAD_DIM}, and
 * the mask (if any) broadcasts to [..., Tq, Tk] with no more axes than q. The <b>composition</b>
 * (matmul, scale, add, softmax, matmul) takes everything else; {@link #fused} switches the fused
 * path off so tests can compare the two.
 */
final class Attention {
    private Attention() {}

    /** False sends every call through the composition (tests compare the two paths). */
    static volatile boolean fused = true;

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
        Check.notNull("attention", "q", q);
        Check.notNull("attention", "k", k);
        Check.notNull("attention", "v", v);
        Check.open("attention", q, k, v);
        if (mask != null) Check.open("attention", mask);
        if (v.rank() < 2 || k.rank() < 2 || v.shape[v.rank() - 2] != k.shape[k.rank() - 2]) {
            throw new IllegalArgumentException("attention: v [..., Tk, dv] needs the Tk of k, got k "
                    + Shapes.str(k.shape) + " and v " + Shapes.str(v.shape));
        }
        if (fused && fusable(q, k, v, mask)) return fusedAttend(q, k, v, mask, causal);
        Tensor probs = weights(q, k, mask, causal);
        return Graph.releaseTemps(probs.matmul(v), probs);
    }

    /** Whether {@link Device#attention} computes this call (see the class comment). */
    static boolean fusable(Tensor q, Tensor k, Tensor v, Tensor mask) {
        int r = q.rank();
        if (r < 2 || k.rank() != r || v.rank() != r) return false;
        if (q.dtype() != DType.F32 || k.dtype() != DType.F32 || v.dtype() != DType.F32) return false;
        if (k.device() != q.device() || v.device() != q.device()) return false;
        int d = q.shape[r - 1], dv = v.shape[r - 1];
        if (k.shape[r - 1] != d || v.shape[r - 2] != k.shape[r - 2]) return false;
        if (d > AttentionShape.MAX_HEAD_DIM || dv > AttentionShape.MAX_HEAD_DIM) return false;
        for (int a = 0; a < r - 2; a++) if (k.shape[a] != q.shape[a] || v.shape[a] != q.shape[a]) return false;
        if (mask == null) return true;
        if (mask.dtype() != DType.F32 || mask.device() != q.device() || mask.rank() > r) return false;
        int[] full = scoresShape(q, k);
        for (int a = 0; a < mask.rank(); a++) {
            int size = mask.shape[a], want = full[r - mask.rank() + a];
            if (size != want && size != 1) return false;
        }
        return true;
    }

    /** [..., Tq, Tk]. */
    private static int[] scoresShape(Tensor q, Tensor k) {
        int r = q.rank();
        int[] full = q.shape.clone();
        full[r - 1] = k.shape[r - 2];
        return full;
    }

    private static Tensor fusedAttend(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        int r = q.rank();
        AttentionShape shape = shape(q, k, v, causal);
        int[] outShape = q.shape.clone();
        outShape[r - 1] = shape.dv();
        Device device = q.device();
        Tensor out = Tensor.allocate(device, DType.F32, outShape);
        Tensor lse = Tensor.allocate(device, DType.F32, java.util.Arrays.copyOf(q.shape, r - 1));
        // Heads split off a projection are permuted views; the device reads contiguous q, k and v. The
        // copies are kept for the backward pass, which reads them again (copying twice cost a GPT
        // step 12 copies of [batch, heads, T, d]).
        Dense[] qkv = {Dense.of(q), Dense.of(k), Dense.of(v)};
        if ((long) shape.batch() * shape.tq() > 0) {
            try (MaskOperand m = MaskOperand.of(mask, q, k)) {
                device.attention(shape, qkv[0].buffer(), qkv[1].buffer(), qkv[2].buffer(), m.view,
                        out.storage.buffer(), lse.storage.buffer());
            }
        }
        Graph.record(out, "scaledDotProductAttention",
                g -> backward(g, q, k, v, qkv, mask, causal, shape.scale(), out, lse), q, k, v, mask);
        Graph.releaseTemps(out, lse);
        if (out.gradFn == null) for (Dense operand : qkv) operand.close();   // no backward will read them
        return out;
    }

    /** The device's geometry of a {@link #fusable} call: the lead axes flattened into the batch. */
    private static AttentionShape shape(Tensor q, Tensor k, Tensor v, boolean causal) {
        int r = q.rank();
        int batch = 1;
        for (int a = 0; a < r - 2; a++) batch *= q.shape[a];
        int d = q.shape[r - 1];
        return new AttentionShape(batch, q.shape[r - 2], k.shape[r - 2], d, v.shape[r - 1], (float) (1 / Math.sqrt(d)),
                causal);
    }

    /**
     * The mask as the device reads it, a rank-3 [batch, tq, tk] view of the mask broadcast to the
     * scores' shape (null without a mask); a dense copy, which {@link #close} frees, only where no
     * single stride walks the mask's lead axes.
     */
    private static final class MaskOperand implements AutoCloseable {
        final View view;
        private final Tensor copy;

        private MaskOperand(View view, Tensor copy) {
            this.view = view;
            this.copy = copy;
        }

        static MaskOperand of(Tensor mask, Tensor q, Tensor k) {
            if (mask == null) return new MaskOperand(null, null);
            int r = q.rank();
            int[] full = scoresShape(q, k);
            int[] st = Broadcast.strides(mask.shape, mask.strides, full);
            Integer batchStride = mergedBatchStride(full, st);
            if (batchStride == null) {   // lead axes that no single stride walks: a dense copy does
                Tensor dense = Tensor.copyOf(mask.expand(full), DType.F32);
                int tq = full[r - 2], tk = full[r - 1];
                return new MaskOperand(new View(dense.storage.buffer(), dense.offset, new int[] {tq * tk, tk, 1}), dense);
            }
            return new MaskOperand(new View(mask.storage.buffer(), mask.offset, new int[] {batchStride, st[r - 2], st[r - 1]}),
                    null);
        }

        @Override public void close() {
            if (copy != null) copy.close();
        }
    }

    /**
     * The stride that walks the flattened lead axes of a [lead..., Tq, Tk] view with strides
     * {@code st}, or null when there is none (e.g. a mask broadcast over heads but not batches).
     */
    private static Integer mergedBatchStride(int[] full, int[] st) {
        Integer stride = null;   // the stride of the innermost lead axis longer than 1
        long after = 1;          // the flattened batch's elements per step of axis a
        for (int a = full.length - 3; a >= 0; a--) {
            if (full[a] != 1) {
                if (stride == null) stride = st[a];
                else if (st[a] != stride * after) return null;
            }
            after *= full[a];
        }
        return stride == null ? 0 : stride;
    }

    /**
     * Gradients of the fused path. Without a mask gradient to compute (no mask, or one that needs
     * none, as a causal language model's), one {@link Device#attentionBackward} call gives dq, dk
     * and dv; with one, {@link #composedBackward}.
     */
    private static Tensor[] backward(Tensor g, Tensor q, Tensor k, Tensor v, Dense[] denseQkv, Tensor mask, boolean causal,
                                     float scale, Tensor out, Tensor lse) {
        if (mask != null && Graph.wants(mask)) return composedBackward(g, q, k, v, mask, causal, scale, out, lse);
        Device device = q.device();
        Tensor dq = Graph.wants(q) ? Tensor.allocate(device, DType.F32, q.shape) : null;
        Tensor dk = Graph.wants(k) ? Tensor.allocate(device, DType.F32, k.shape) : null;
        Tensor dv = Graph.wants(v) ? Tensor.allocate(device, DType.F32, v.shape) : null;
        if (dq != null || dk != null || dv != null) {
            AttentionShape shape = shape(q, k, v, causal);
            try (Dense gd = Dense.of(g); MaskOperand m = MaskOperand.of(mask, q, k)) {
                device.attentionBackward(shape, denseQkv[0].buffer(), denseQkv[1].buffer(), denseQkv[2].buffer(), m.view, out.storage.buffer(),
                        lse.storage.buffer(), gd.buffer(), dq == null ? null : dq.storage.buffer(),
                        dk == null ? null : dk.storage.buffer(), dv == null ? null : dv.storage.buffer());
            }
        }
        return new Tensor[] {dq, dk, dv, null};
    }

    /**
     * The fused path's gradients through tensor ops, for a mask that needs its own gradient: the
     * probabilities recomputed from q, k and the saved log-sum-exp, then the rules of matmul and
     * softmax: dv = p^T dO, dp = dO v^T, ds = p * (dp - rowsum(dO * out)), dq = scale ds k,
     * dk = scale ds^T q, dmask = ds summed to the mask's shape.
     */
    private static Tensor[] composedBackward(Tensor g, Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal,
                                             float scale, Tensor out, Tensor lse) {
        int r = q.rank();
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul(scale);
        if (mask != null) scores = scores.add(mask);
        if (causal) scores = scores.add(causalMask(q.device(), q.shape[r - 2], k.shape[r - 2]));
        Tensor p = scores.sub(lse.unsqueeze(r - 1)).exp();
        Tensor dv = Graph.wants(v) ? p.transpose(-2, -1).matmul(g) : null;
        Tensor dq = null, dk = null, dmask = null;
        if (Graph.wants(q) || Graph.wants(k) || (mask != null && Graph.wants(mask))) {
            Tensor dp = g.matmul(v.transpose(-2, -1));
            Tensor ds = p.mul(dp.sub(g.mul(out).sum(r - 1, true)));
            if (Graph.wants(q)) dq = ds.matmul(k).mul(scale);
            if (Graph.wants(k)) dk = ds.transpose(-2, -1).matmul(q).mul(scale);
            if (mask != null && Graph.wants(mask)) dmask = Views.sumTo(ds, mask.shape);
        }
        return new Tensor[] {dq, dk, dv, dmask};
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
