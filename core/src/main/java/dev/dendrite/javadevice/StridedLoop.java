package dev.dendrite.javadevice;

/**
 * Walks the elements of an n-dimensional shape through several strided operands at once, one
 * innermost row at a time, so that elementwise kernels are a tight loop over {@code n} elements
 * with a fixed step per operand.
 *
 * <p>Two ideas keep it fast without allocating per element:
 * <ul>
 *   <li>Dimensions of size 1 are dropped, and neighbouring dimensions are merged whenever every
 *       operand walks them as one (stride[d] == stride[d+1] * shape[d+1]). A contiguous tensor
 *       becomes a single row; a broadcast row vector becomes [rows, cols] with a 0 stride.</li>
 *   <li>An odometer ({@code idx}) and the running offset of every operand are updated
 *       incrementally when a row ends, instead of recomputing {@code sum(idx * stride)}.</li>
 * </ul>
 * A walk can cover any sub-range of the flat (row-major) element order, which is how the device
 * splits large elementwise work across threads.
 */
final class StridedLoop {

    /** The body for one run of {@code n} consecutive elements: operand k starts at off[k] and steps by step[k]. */
    @FunctionalInterface
    interface Row {
        void run(int n, int[] off, int[] step);
    }

    private final int[] shape;      // merged shape, rank >= 1
    private final int[][] strides;  // [operand][dim] over the merged shape
    private final int[] baseOffsets;
    private final int numel;

    /**
     * @param shape   the op's logical shape
     * @param strides one stride array per operand, each of the shape's rank
     * @param offsets the starting element of each operand
     */
    StridedLoop(int[] shape, int[][] strides, int[] offsets) {
        long count = 1;
        for (int s : shape) count *= s;
        this.numel = (int) count;
        this.baseOffsets = offsets.clone();

        // Drop size-1 dimensions and fold mergeable ones: a contiguous view becomes one loop.
        dev.dendrite.device.internal.MergedDims merged = dev.dendrite.device.internal.MergedDims.of(shape, strides);
        this.shape = merged.shape();
        this.strides = merged.strides();
    }

    int numel() { return numel; }

    /** Length of the innermost (merged) row: a hint for how to split work. */
    int rowLength() { return shape[shape.length - 1]; }

    /** Runs {@code row} over flat elements {@code [from, to)} of the shape, in row-major order. */
    void forRange(int from, int to, Row row) {
        if (from >= to) return;
        int rank = shape.length, last = rank - 1, operands = strides.length;
        int[] idx = new int[rank];
        int[] off = baseOffsets.clone();
        int[] step = new int[operands];
        for (int k = 0; k < operands; k++) step[k] = strides[k][last];

        // Position the odometer at element `from`.
        int rest = from;
        for (int d = last; d >= 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
            for (int k = 0; k < operands; k++) off[k] += idx[d] * strides[k][d];
        }

        int pos = from;
        while (pos < to) {
            int n = Math.min(shape[last] - idx[last], to - pos);
            row.run(n, off, step);
            pos += n;
            if (pos >= to) break;
            // Advance the odometer by n elements: the row ended, so carry into the outer dimensions.
            for (int k = 0; k < operands; k++) off[k] += n * step[k];
            idx[last] += n;
            int d = last;
            while (d > 0 && idx[d] == shape[d]) {
                for (int k = 0; k < operands; k++) off[k] -= shape[d] * strides[k][d];
                idx[d] = 0;
                d--;
                idx[d]++;
                for (int k = 0; k < operands; k++) off[k] += strides[k][d];
            }
        }
    }

    void forAll(Row row) { forRange(0, numel, row); }
}
