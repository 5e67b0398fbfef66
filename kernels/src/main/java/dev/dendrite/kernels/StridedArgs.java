package dev.dendrite.kernels;

import dev.dendrite.device.internal.MergedDims;
import java.util.Arrays;

/**
 * The {@code Strided} struct of elementwise.cl, built on the host: the op's shape and, for up to
 * three operands, a start offset and strides. Passed to the kernel by value as 36 ints, so a
 * strided launch needs no extra buffer.
 *
 * <p>Before packing, dimensions are simplified without changing which elements are visited:
 * size-1 dimensions are dropped, and a dimension is merged into the one outside it whenever every
 * operand walks the pair as one ({@code stride[d-1] == stride[d] * shape[d]}). A contiguous
 * tensor becomes rank 1 with stride 1 ({@link #isUnitStride}), and the device can then use the
 * cheaper *_contig kernels; a row vector broadcast over a matrix stays rank 2 with a 0 stride.
 */
public final class StridedArgs {
    public static final int MAX_RANK = 8;
    public static final int MAX_OPERANDS = 3;
    /** Ints in the packed struct: rank, shape[8], offset[3], stride[3][8]. */
    public static final int PACKED_INTS = 1 + MAX_RANK + MAX_OPERANDS + MAX_OPERANDS * MAX_RANK;

    private final int rank;
    private final int[] shape;
    private final int[] offsets;
    private final int[][] strides;
    private final int numel;

    private StridedArgs(int rank, int[] shape, int[] offsets, int[][] strides, int numel) {
        this.rank = rank;
        this.shape = shape;
        this.offsets = offsets;
        this.strides = strides;
        this.numel = numel;
    }

    /**
     * @param op      the op's name, for error messages
     * @param shape   the logical shape of the op
     * @param offsets the first element of each operand
     * @param strides per operand, one stride per dimension of shape
     */
    public static StridedArgs of(String op, int[] shape, int[] offsets, int[]... strides) {
        int operands = strides.length;
        if (operands < 1 || operands > MAX_OPERANDS || offsets.length != operands) {
            throw new IllegalArgumentException(op + ": expected 1 to " + MAX_OPERANDS + " operands with one offset each, got "
                    + operands + " stride arrays and " + offsets.length + " offsets");
        }
        long count = 1;
        for (int d : shape) count *= d;
        for (int[] s : strides) {
            if (s.length != shape.length) {
                throw new IllegalArgumentException(op + ": strides " + Arrays.toString(s) + " do not match shape "
                        + Arrays.toString(shape));
            }
        }
        MergedDims merged = MergedDims.of(shape, strides);
        int rank = merged.rank();
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " with these strides needs "
                    + rank + " dimensions after merging, more than the " + MAX_RANK + " the kernels support");
        }
        return new StridedArgs(rank, merged.shape(), offsets.clone(), merged.strides(),
                (int) Math.min(count, Integer.MAX_VALUE));
    }

    public int rank() { return rank; }

    public int numel() { return numel; }

    public int offset(int operand) { return offsets[operand]; }

    /** The innermost dimension: the columns of the [rows, cols] view the strided kernels launch over. */
    public int cols() { return shape[rank - 1]; }

    /** Everything outside the innermost dimension, as one count. */
    public int rows() { return cols() == 0 ? 0 : numel / cols(); }

    /**
     * The 2-D launches of the *_strided and copy_* kernels, as {rowBase, launch} pairs: one
     * launch unless there are more rows than a launch can hold (see {@link LaunchGeometry#rows}).
     */
    public java.util.List<RowLaunch> launches() {
        java.util.List<RowLaunch> out = new java.util.ArrayList<>();
        long perLaunch = LaunchGeometry.rowsPerLaunch(cols());
        for (long base = 0; base < rows(); base += perLaunch) {
            out.add(new RowLaunch((int) base, LaunchGeometry.rows(Math.min(perLaunch, rows() - base), cols())));
        }
        return out;
    }

    /** A launch covering rows rowBase .. rowBase + its height. */
    public record RowLaunch(int rowBase, Launch launch) {}

    public int[] shape() { return shape.clone(); }

    public int[] strides(int operand) { return strides[operand].clone(); }

    /** True when operand k is read (or written) densely, in order: the *_contig kernels apply. */
    public boolean isUnitStride(int operand) {
        return rank == 1 && strides[operand][0] == 1;
    }

    /**
     * The struct as the kernel sees it: rank, shape[8], offset[3], stride[3][8], with the
     * dimensions right-aligned (the innermost in slot 7) and the slots in front holding size 1,
     * stride 0, so that the kernel can walk all 7 outer slots with a fixed, unrolled loop.
     */
    public int[] pack() {
        int[] p = new int[PACKED_INTS];
        int pad = MAX_RANK - rank;
        p[0] = rank;
        for (int d = 0; d < MAX_RANK; d++) p[1 + d] = d < pad ? 1 : shape[d - pad];
        int at = 1 + MAX_RANK;
        System.arraycopy(offsets, 0, p, at, offsets.length);
        at += MAX_OPERANDS;
        for (int k = 0; k < strides.length; k++) System.arraycopy(strides[k], 0, p, at + k * MAX_RANK + pad, rank);
        return p;
    }

    @Override public String toString() {
        return "StridedArgs[shape=" + Arrays.toString(shape) + ", offsets=" + Arrays.toString(offsets)
                + ", strides=" + Arrays.deepToString(strides) + "]";
    }
}
