package dev.dendrite.nn;

import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-head attention as PyTorch's {@code nn.MultiheadAttention}, with its parameter names and
 * layout, so state dicts move between the two: {@code in_proj_weight} [3E, E] (the query, key and
 * value projections stacked, in that order), {@code in_proj_bias} [3E], {@code out_proj.weight}
 * [E, E] and {@code out_proj.bias} [E].
 *
 * <p>Each projection is split into {@code numHeads} heads of E / numHeads features; every head
 * attends on its own ({@link Tensor#scaledDotProductAttention}: one fused device call; or, while
 * training with dropout, {@link Tensor#attentionWeights}, whose weights dropout zeroes before the
 * product with the values), and the heads are joined again and projected by {@code out_proj}. Inputs are
 * [T, B, E], or [B, T, E] with {@code batchFirst}; only the output is returned (PyTorch also
 * returns the averaged weights).
 */
public class MultiheadAttention extends Module {
    public final int embedDim;
    public final int numHeads;
    public final boolean batchFirst;
    public final Tensor inProjWeight;
    public final Tensor inProjBias;
    public final Linear outProj;
    private final Dropout dropout;
    private boolean causal;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0f, true, false, Devices.defaultDevice());
    }

    public MultiheadAttention(int embedDim, int numHeads, float dropout, boolean bias, boolean batchFirst, Device device) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim (" + embedDim
                    + ") must be a positive multiple of numHeads (" + numHeads + ")");
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.batchFirst = batchFirst;
        // PyTorch's initialisation: Xavier-uniform projections, zero biases.
        float xavier = (float) Math.sqrt(6.0 / (embedDim + 3 * embedDim));
        this.inProjWeight = registerParameter("in_proj_weight", Init.uniform(device, xavier, 3 * embedDim, embedDim));
        this.inProjBias = bias ? registerParameter("in_proj_bias", Tensor.zeros(device, 3 * embedDim)) : null;
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, device));
        if (bias) {
            try (GradMode g = Tensor.noGrad()) {
                outProj.bias.fill_(0f);
            }
        }
        this.dropout = new Dropout(dropout);
        registerModule("dropout", this.dropout); // no parameters: keeps its seed and counter in randomState
    }

    /** Makes {@link #forward(Tensor)} causal: each position attends to itself and earlier ones only. */
    public MultiheadAttention causal(boolean on) {
        this.causal = on;
        return this;
    }

    /** Self-attention: query, key and value are all {@code x}. */
    @Override public Tensor forward(Tensor x) {
        return forward(x, x, x, null, causal);
    }

    /**
     * Attention of {@code query} [Tq, B, E] over {@code key} and {@code value} [Tk, B, E] ([B, T, E]
     * with batchFirst). {@code mask} (may be null) is additive, [Tq, Tk] or [B * numHeads, Tq, Tk]
     * as in PyTorch: 0 keeps a key, -inf hides it. {@code causal} hides later keys.
     */
    public Tensor forward(Tensor query, Tensor key, Tensor value, Tensor mask, boolean causal) {
        Tensor q = batchFirst ? query : query.transpose(0, 1);
        Tensor k = batchFirst ? key : key.transpose(0, 1);
        Tensor v = batchFirst ? value : value.transpose(0, 1);
        check("query", q);
        check("key", k);
        check("value", v);
        int b = q.shape(0), tq = q.shape(1), tk = k.shape(1);
        Tensor qh, kh, vh;
        if (query == key && key == value) {
            // Self-attention: one product with all of in_proj ([B, T, 3E]) instead of three with its
            // thirds, as PyTorch does; the heads are views of its thirds. A wider product runs the
            // micro-kernel longer per packed block, and the backward pass makes one input gradient
            // product and one weight gradient product instead of three each.
            Tensor qkv = project(q, inProjWeight, inProjBias);
            qh = heads(qkv.slice(2, 0, embedDim), b, tq);
            kh = heads(qkv.slice(2, embedDim, 2 * embedDim), b, tk);
            vh = heads(qkv.slice(2, 2 * embedDim, 3 * embedDim), b, tk);
        } else {
            qh = heads(project(q, third(inProjWeight, 0), third(inProjBias, 0)), b, tq);
            kh = heads(project(k, third(inProjWeight, 1), third(inProjBias, 1)), b, tk);
            vh = heads(project(v, third(inProjWeight, 2), third(inProjBias, 2)), b, tk);
        }
        Tensor m = mask == null || mask.rank() == 2 ? mask : mask.reshape(b, numHeads, tq, tk);
        // Without dropout on the weights, one fused call (the kernel devices never store the
        // Tq x Tk probabilities); with it, the probabilities must exist to be dropped.
        Tensor attended = !dropout.isTraining() || dropout.p == 0f
                ? Tensor.scaledDotProductAttention(qh, kh, vh, m, causal)
                : dropout.forward(Tensor.attentionWeights(qh, kh, m, causal)).matmul(vh);
        // [B, H, Tq, d] -> [B, Tq, H, d] -> [B, Tq, E]
        Tensor joined = attended.transpose(1, 2).reshape(b, tq, embedDim);
        Tensor out = outProj.forward(joined);
        return batchFirst ? out : out.transpose(0, 1);
    }

    /** {@code x w^T + bias} (bias may be null). */
    private static Tensor project(Tensor x, Tensor w, Tensor bias) {
        Tensor y = x.matmul(w.t());
        return bias == null ? y : y.add(bias);
    }

    /** Part 0, 1 or 2 (query, key, value) of an in_proj tensor along its first axis; null stays null. */
    private Tensor third(Tensor t, int part) {
        return t == null ? null : t.slice(0, part * embedDim, (part + 1) * embedDim);
    }

    /** [B, T, E] -> [B, H, T, E / H]. */
    private Tensor heads(Tensor x, int b, int t) {
        return x.reshape(b, t, numHeads, embedDim / numHeads).transpose(1, 2);
    }

    private void check(String name, Tensor x) {
        if (x.rank() != 3 || x.shape(2) != embedDim) {
            throw new IllegalArgumentException("MultiheadAttention(" + embedDim + ", " + numHeads + "): " + name
                    + " of shape " + Arrays.toString(x.shape()) + " must be " + (batchFirst ? "[B, T, " : "[T, B, ")
                    + embedDim + "]");
        }
    }

    @Override protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + ", batch_first=" + (batchFirst ? "True" : "False");
    }
}
