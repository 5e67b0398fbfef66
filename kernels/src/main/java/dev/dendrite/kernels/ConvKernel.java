package dev.dendrite.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the convolution weight gradient's ladder in conv.cl, in reading order; the header
 * of conv.cl says why the second is faster on a CPU driver. Both build a column matrix and run
 * the product on the matmul ladder; they differ in its layout.
 */
public enum ConvKernel {
    /** col[b] (Kc x P), read transposed by the product (a CPU driver's vector rung packs it first). */
    IM2COL("im2col", "im2col"),
    /** colT[b] (P x Kc), the row-major B of the product: no transposed read, no packed copy. */
    IM2COL_T("im2col-t", "im2col_t");

    private final String label;
    private final String kernel;

    ConvKernel(String label, String kernel) {
        this.label = label;
        this.kernel = kernel;
    }

    /** The name users select it by: im2col, im2col-t. */
    public String label() { return label; }

    /** Its kernel in conv.cl. */
    public String kernel() { return kernel; }

    /** The device's choice: rung 2 on a CPU driver (whose matmul rung packs a transposed B), rung 1 on a GPU. */
    public static ConvKernel choose(boolean cpu) {
        return cpu ? IM2COL_T : IM2COL;
    }

    public static ConvKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (ConvKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown conv kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(ConvKernel::label).toArray()));
    }
}
