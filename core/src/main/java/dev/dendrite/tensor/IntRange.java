package dev.dendrite.tensor;

/**
 * Bounds on the values an int32 storage holds, known on the host without asking the device. They
 * are set where the values come from the host ({@code Tensor.of}, the DataLoader's labels, a fill)
 * or are known by construction (argmax along an axis of length n gives 0..n-1), carried by copies,
 * and widened by every later write into the storage; a storage with no bounds has a null range.
 *
 * <p>Why: gather, indexSelect and scatterAdd must refuse an index outside the axis. Reading the
 * index back to check it would make the host wait for the device's queue in the middle of every
 * training step (the labels of cross-entropy, the token ids of an embedding); bounds that fit make
 * the check free.
 */
record IntRange(int min, int max) {
    /** The range of no value at all (fits every axis; the union with it changes nothing). */
    static final IntRange EMPTY = new IntRange(Integer.MAX_VALUE, Integer.MIN_VALUE);

    static IntRange of(int[] values) {
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (int v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new IntRange(lo, hi);
    }

    static IntRange of(int value) { return new IntRange(value, value); }

    /** Bounds on the values of both; null (unknown) when either is unknown. */
    static IntRange union(IntRange a, IntRange b) {
        if (a == null || b == null) return null;
        return new IntRange(Math.min(a.min, b.min), Math.max(a.max, b.max));
    }

    /** True when every value lies in [0, size). */
    boolean within(int size) {
        return min >= 0 && max < size;
    }
}
