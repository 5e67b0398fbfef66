package dev.dendrite.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the reduction ladder in reduce.cl (SUM, MEAN, MAX, MIN along the middle axis of
 * an [outer, len, inner] block), in reading order; the header of reduce.cl says why each is fast.
 * Rung 1 takes any block; rung 2 needs inner == 1; rung 3 needs inner == 1 and unit-stride rows.
 * A rung fixed on a device ({@code KernelDevice.reduceKernel}) that cannot take a block falls
 * back to rung 1.
 */
public enum ReduceKernel {
    /** One work-item per output walks len alone (reduce_cols): no barrier, PoCL vectorises across items. */
    ITEM("item", "reduce_cols"),
    /** A work-group of 256 per output, a halving tree in local memory (reduce_rows): a GPU's rung for long rows. */
    TREE("tree", "reduce_rows"),
    /** One work-item per unit-stride row, float8 loads along it (reduce_rows_vec8): a CPU driver's rung for rows. */
    VECTOR("vector", "reduce_rows_vec8");

    /** Rows shorter than this are better walked by one work-item than by a group of 256. */
    public static final int MIN_ROW = 64;

    private final String label;
    private final String kernel;

    ReduceKernel(String label, String kernel) {
        this.label = label;
        this.kernel = kernel;
    }

    /** The name users select it by: item, tree, vector. */
    public String label() { return label; }

    /** Its kernel in reduce.cl. */
    public String kernel() { return kernel; }

    /** True when the rung can reduce this block: rung 2 needs inner == 1, rung 3 also unit-stride rows. */
    public boolean takes(int inner, boolean unitRows) {
        return switch (this) {
            case ITEM -> true;
            case TREE -> inner == 1;
            case VECTOR -> inner == 1 && unitRows;
        };
    }

    /**
     * The device's choice. Columns (inner > 1) and rows shorter than {@value #MIN_ROW}: rung 1.
     * Rows on a CPU driver: rung 3 when unit-stride, else rung 1 (both barrier-free, so PoCL
     * vectorises them; the tree runs its 256 work-items one after another). Rows on a GPU: rung 2.
     */
    public static ReduceKernel choose(int len, int inner, boolean unitRows, boolean cpu) {
        if (inner != 1 || len < MIN_ROW) return ITEM;
        if (cpu) return unitRows ? VECTOR : ITEM;
        return TREE;
    }

    /** {@code fixed} when it takes the block, rung 1 when it does not, the device's choice when null. */
    public static ReduceKernel resolve(ReduceKernel fixed, int len, int inner, boolean unitRows, boolean cpu) {
        if (fixed == null) return choose(len, inner, unitRows, cpu);
        return fixed.takes(inner, unitRows) ? fixed : ITEM;
    }

    public static ReduceKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (ReduceKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown reduce kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(ReduceKernel::label).toArray()));
    }
}
