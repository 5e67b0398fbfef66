package dev.dendrite.examples;

import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.GELU;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.MultiheadAttention;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;
import java.util.Map;

/**
 * A GPT, small: the decoder-only transformer of Radford et al. (2018, 2019) as nanoGPT writes it,
 * for characters.
 *
 * <pre>
 * characters [B, T] -> tok_emb + pos_emb           [B, T, E]
 *                   -> layers x Block               [B, T, E]   x + attn(ln1(x)), then x + mlp(ln2(x))
 *                   -> ln_f -> head                 [B, T, V]   a score for every next character
 * </pre>
 *
 * Each block is pre-norm: LayerNorm before causal self-attention (each position sees itself and
 * the positions before it, never after) and before the MLP (E -> 4E -> GELU(tanh) -> E), each added
 * back to the residual stream. With {@code tie} the head reuses the token embedding's matrix
 * (Press and Wolf, 2017): scores are {@code x . tok_emb.weight^T}, and there is no head.weight.
 *
 * <p>Parameter names follow PyTorch's modules ({@code blocks.0.attn.in_proj_weight},
 * {@code blocks.0.mlp.0.weight}, ...), so {@code bench/pytorch/gpt_char.py} builds the same model
 * and state dicts move between the two.
 */
public final class Gpt extends Module {
    public final int vocabulary;
    public final int context;
    public final int width;
    final Embedding tokEmb;
    final Embedding posEmb;
    final Dropout drop;
    final Sequential blocks = new Sequential();
    final LayerNorm lnF;
    /** Null with weight tying: the token embedding is the head. */
    final Linear head;

    /** One pre-norm transformer block. */
    static final class Block extends Module {
        final LayerNorm ln1;
        final MultiheadAttention attn;
        final LayerNorm ln2;
        final Sequential mlp;
        final Dropout drop;

        Block(int width, int heads, float dropout, Device device) {
            ln1 = registerModule("ln1", new LayerNorm(new int[] {width}, 1e-5f, device));
            attn = registerModule("attn", new MultiheadAttention(width, heads, dropout, true, true, device).causal(true));
            ln2 = registerModule("ln2", new LayerNorm(new int[] {width}, 1e-5f, device));
            mlp = registerModule("mlp", new Sequential(new Linear(width, 4 * width, true, device), new GELU("tanh"),
                    new Linear(4 * width, width, true, device)));
            drop = registerModule("drop", new Dropout(dropout));
        }

        @Override public Tensor forward(Tensor x) {
            Tensor h = x.add(drop.forward(attn.forward(ln1.forward(x))));
            return h.add(drop.forward(mlp.forward(ln2.forward(h))));
        }
    }

    /**
     * @param vocabulary distinct characters
     * @param context    the most characters the model looks back on (its position table's size)
     * @param width      E, the size of every position's vector
     * @param layers     blocks
     * @param heads      attention heads per block (width must be a multiple)
     * @param dropout    after the embeddings, on the attention weights and on each residual branch
     * @param tie        share the token embedding with the head
     */
    public Gpt(int vocabulary, int context, int width, int layers, int heads, float dropout, boolean tie, Device device) {
        this.vocabulary = vocabulary;
        this.context = context;
        this.width = width;
        tokEmb = registerModule("tok_emb", new Embedding(vocabulary, width, device));
        posEmb = registerModule("pos_emb", new Embedding(context, width, device));
        drop = registerModule("drop", new Dropout(dropout));
        for (int i = 0; i < layers; i++) blocks.add(new Block(width, heads, dropout, device));
        registerModule("blocks", blocks);
        lnF = registerModule("ln_f", new LayerNorm(new int[] {width}, 1e-5f, device));
        head = tie ? null : registerModule("head", new Linear(width, vocabulary, false, device));
        initialize(layers);
    }

    /**
     * GPT-2's initialisation rather than PyTorch's layer defaults: every matrix N(0, 0.02), the two
     * projections that write into the residual stream (attn.out_proj, mlp.2) N(0, 0.02 / sqrt(2 layers))
     * so the stream's variance does not grow with depth, biases 0, LayerNorms 1 and 0. With N(0, 1)
     * embeddings a tied head would start with scores in the tens.
     */
    private void initialize(int layers) {
        float residual = (float) (0.02 / Math.sqrt(2.0 * layers));
        try (GradMode g = Tensor.noGrad()) {
            for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
                String name = e.getKey();
                Tensor p = e.getValue();
                if (name.startsWith("ln") || name.contains(".ln")) continue;      // LayerNorm: ones and zeros already
                if (p.rank() < 2) {
                    p.fill_(0f);                                                  // biases
                } else {
                    boolean projection = name.endsWith("out_proj.weight") || name.endsWith("mlp.2.weight");
                    try (Tensor draw = Tensor.normal(p.device(), Init.nextSeed(), 0f, projection ? residual : 0.02f, p.shape())) {
                        p.copy_(draw);
                    }
                }
            }
        }
    }

    /** Character indices [B, T] (int32, or float holding whole numbers as a DataLoader makes them), T <= context. */
    @Override public Tensor forward(Tensor indices) {
        Tensor idx = indices.dtype() == DType.I32 ? indices : indices.toInt();
        int t = idx.shape(-1);
        if (t > context) throw new IllegalArgumentException("Gpt: " + t + " positions, but the context is " + context);
        Tensor x = drop.forward(tokEmb.forward(idx).add(posEmb.forward(Tensor.arangeInt(idx.device(), t))));
        x = lnF.forward(blocks.forward(x));
        return head != null ? head.forward(x) : x.matmul(tokEmb.weight.t());
    }

    /** The embedding matrices (weight decay leaves them alone, as it does biases and norms). */
    java.util.List<Tensor> embeddings() {
        return java.util.List.of(tokEmb.weight, posEmb.weight);
    }
}
