package dev.dendrite.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the softmax ladder in softmax.cl, in reading order; the header of softmax.cl says
 * why the second is faster. Each rung has two shapes: a work-group per row with a tree
 * ({@code *_rows}, inner == 1) and a work-item per output column ({@code *_cols}); which shape a
 * block gets is {@link #tree}.
 */
public enum SoftmaxKernel {
    /** Three sweeps: the maximum, the sum of exp(x - m), the outputs. */
    SWEEPS("sweeps", "softmax_rows", "softmax_cols"),
    /** Online softmax: maximum and rescaled sum in one sweep, then the outputs. */
    ONLINE("online", "softmax_online_rows", "softmax_online_cols");

    /** Rows shorter than this are better walked by one work-item than by a group of 256. */
    public static final int MIN_ROW = 64;
    /** On a CPU driver, at least this many rows are spread over work-items (the tree otherwise). */
    public static final int CPU_MIN_ITEMS = 64;

    private final String label;
    private final String rows;
    private final String cols;

    SoftmaxKernel(String label, String rows, String cols) {
        this.label = label;
        this.rows = rows;
        this.cols = cols;
    }

    /** The name users select it by: sweeps, online. */
    public String label() { return label; }

    /** Its kernel for the shape chosen: the tree ({@code *_rows}) or the work-item ({@code *_cols}). */
    public String kernel(boolean tree) { return tree ? rows : cols; }

    /**
     * The device's rung: online softmax (two reads of the axis instead of three, one tree instead
     * of two), except for the tree shape on a CPU driver, where the runner measured the sweeps'
     * tree faster (PoCL runs a group's work-items one after another between barriers, and the
     * online tree's two local arrays and rescaling exps cost more there than the sweep it saves).
     */
    public static SoftmaxKernel choose(boolean tree, boolean cpu) { return tree && cpu ? SWEEPS : ONLINE; }

    /**
     * The shape: the tree for inner == 1 and rows of {@value #MIN_ROW} or more, except on a CPU
     * driver when there are {@value #CPU_MIN_ITEMS} rows or more: there a barrier-free work-item
     * per row lets PoCL vectorise across rows. {@code forced} non-null fixes the shape where it
     * can take the block (the tree needs inner == 1).
     */
    public static boolean tree(int outer, int len, int inner, boolean cpu, Boolean forced) {
        if (inner != 1) return false;
        if (forced != null) return forced;
        if (len < MIN_ROW) return false;
        return !cpu || outer < CPU_MIN_ITEMS;
    }

    public static SoftmaxKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (SoftmaxKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown softmax kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(SoftmaxKernel::label).toArray()));
    }
}
