package dev.dendrite.device;

/**
 * Geometry of a fused scaled dot-product attention {@code out = softmax(scale * q k^T + mask) v}
 * over {@code batch} independent heads (batch x heads flattened): q [batch, tq, d],
 * k [batch, tk, d], v [batch, tk, dv] and out [batch, tq, dv], all contiguous.
 *
 * <p>{@code causal} hides key j from query i when {@code j > i} (top-left aligned, as PyTorch's
 * {@code is_causal}). {@code d} and {@code dv} are at most {@link #MAX_HEAD_DIM}: the kernels
 * keep a query row and its output row in registers; the tensor layer composes wider heads from
 * matmul and softmax instead.
 */
public record AttentionShape(int batch, int tq, int tk, int d, int dv, float scale, boolean causal) {
    /** The widest head (d and dv) the fused primitive takes. */
    public static final int MAX_HEAD_DIM = 128;

    public AttentionShape {
        if (batch < 0 || tq < 0 || tk < 0 || d < 0 || dv < 0) {
            throw new IllegalArgumentException("attention: negative size in " + describe(batch, tq, tk, d, dv));
        }
        if (d > MAX_HEAD_DIM || dv > MAX_HEAD_DIM) {
            throw new IllegalArgumentException("attention: d and dv are at most " + MAX_HEAD_DIM + ", got "
                    + describe(batch, tq, tk, d, dv));
        }
    }

    /** The multiply-adds of the two products (q k^T and p v), twice: the usual flop count. */
    public double flops() { return 2.0 * batch * tq * tk * ((double) d + dv); }

    @Override public String toString() {
        return describe(batch, tq, tk, d, dv) + (causal ? " causal" : "") + " scale " + scale;
    }

    private static String describe(int batch, int tq, int tk, int d, int dv) {
        return "[batch " + batch + ", tq " + tq + ", tk " + tk + ", d " + d + ", dv " + dv + "]";
    }
}
