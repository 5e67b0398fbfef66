package dev.dendrite.device.internal;

import java.util.Arrays;

/**
 * The same strided walk, with fewer dimensions: dimensions of size 1 are dropped, and a dimension
 * is folded into the one before it when every operand steps through both as one (outer stride ==
 * inner stride * inner size). A contiguous tensor becomes rank 1, a transposed matrix stays rank 2.
 * Every device walks views this way (the java device's loops, the GPU kernels' stride structs),
 * because fewer dimensions means fewer divisions and longer inner loops.
 *
 * @param shape   the merged shape, rank at least 1 (a single element is shape [1])
 * @param strides per operand, one stride per merged dimension
 */
public record MergedDims(int[] shape, int[][] strides) {

    /** Merges {@code shape} as walked by every operand's {@code strides} (each as long as shape). */
    public static MergedDims of(int[] shape, int[]... strides) {
        int operands = strides.length;
        int[] merged = new int[Math.max(1, shape.length)];
        int[][] mergedStrides = new int[operands][Math.max(1, shape.length)];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            boolean mergeable = rank > 0;
            for (int k = 0; k < operands && mergeable; k++) {
                mergeable = mergedStrides[k][rank - 1] == (long) strides[k][d] * shape[d];
            }
            if (mergeable) {
                merged[rank - 1] *= shape[d];
                for (int k = 0; k < operands; k++) mergedStrides[k][rank - 1] = strides[k][d];
            } else {
                merged[rank] = shape[d];
                for (int k = 0; k < operands; k++) mergedStrides[k][rank] = strides[k][d];
                rank++;
            }
        }
        if (rank == 0) { // a single element (a shape of rank 0 or of all ones)
            merged[0] = 1;
            for (int k = 0; k < operands; k++) mergedStrides[k][0] = 1;
            rank = 1;
        }
        int[][] trimmed = new int[operands][];
        for (int k = 0; k < operands; k++) trimmed[k] = Arrays.copyOf(mergedStrides[k], rank);
        return new MergedDims(Arrays.copyOf(merged, rank), trimmed);
    }

    public int rank() { return shape.length; }
}
