package dev.dendrite.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the elementwise ladder in elementwise.cl (unary and binary ops), in reading order.
 * Rung 1 takes any view; rungs 2 and 3 need every operand dense (after the host merges
 * dimensions, rank 1 with unit stride). How a device chooses: {@code ops.ElementwiseOps}.
 */
public enum ElementwiseKernel {
    /** Any view: shape and strides in a struct, a 2-D launch, offsets computed per element. */
    STRIDED("strided", "_strided"),
    /** Dense operands: element e reads element e, no index arithmetic. */
    CONTIG("contig", "_contig"),
    /** Dense operands, four elements per work-item through vload4/vstore4. */
    VECTOR("vector", "_vec4");

    /** Below this many elements the vector rung leaves work-groups empty: rung 2 is chosen instead. */
    public static final int VECTOR_MIN_ELEMENTS = 4 * LaunchGeometry.GROUP;

    private final String label;
    private final String suffix;

    ElementwiseKernel(String label, String suffix) {
        this.label = label;
        this.suffix = suffix;
    }

    /** The name users select it by: strided, contig, vector. */
    public String label() { return label; }

    /** The kernel of {@code op} ("unary" or "binary") for this rung, e.g. binary_vec4. */
    public String kernelName(String op) { return op + suffix; }

    /** True when the rung can read operands with these strides (rungs 2 and 3 need them dense). */
    public boolean takes(boolean dense) { return dense || this == STRIDED; }

    /** The device's choice: strided operands take rung 1; dense ones rung 3, or rung 2 when few. */
    public static ElementwiseKernel choose(boolean dense, int elements) {
        if (!dense) return STRIDED;
        return elements >= VECTOR_MIN_ELEMENTS ? VECTOR : CONTIG;
    }

    public static ElementwiseKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (ElementwiseKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown elementwise kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(ElementwiseKernel::label).toArray()));
    }
}
