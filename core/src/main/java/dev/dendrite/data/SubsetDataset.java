package dev.dendrite.data;

import dev.dendrite.device.DType;

/** A contiguous range of another dataset's examples (train/validation splits, quick slices). */
final class SubsetDataset implements Dataset {
    private final Dataset base;
    private final int from;
    private final int size;

    SubsetDataset(Dataset base, int from, int to) {
        if (from < 0 || to < from || to > base.size()) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") is outside a dataset of "
                    + base.size() + " examples");
        }
        this.base = base;
        this.from = from;
        this.size = to - from;
    }

    @Override public int size() { return size; }
    @Override public int[] featureShape() { return base.featureShape(); }
    @Override public DType targetType() { return base.targetType(); }
    @Override public int[] targetShape() { return base.targetShape(); }

    @Override public void copyFeatures(int index, float[] dst, int offset) {
        base.copyFeatures(from + check(index), dst, offset);
    }

    @Override public int label(int index) { return base.label(from + check(index)); }

    @Override public void copyLabels(int index, int[] dst, int offset) {
        base.copyLabels(from + check(index), dst, offset);
    }

    @Override public void copyTargets(int index, float[] dst, int offset) {
        base.copyTargets(from + check(index), dst, offset);
    }

    private int check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("example " + index + " of a slice of " + size + " examples");
        }
        return index;
    }
}
