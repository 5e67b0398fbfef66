package dev.dendrite.data;

import dev.dendrite.device.DType;

/** A dataset whose float targets are its own features (see {@link Dataset#inputsAsTargets()}). */
final class InputsAsTargets implements Dataset {
    private final Dataset base;

    InputsAsTargets(Dataset base) {
        this.base = base;
    }

    @Override public int size() { return base.size(); }
    @Override public int[] featureShape() { return base.featureShape(); }
    @Override public DType targetType() { return DType.F32; }
    @Override public int[] targetShape() { return base.featureShape(); }

    @Override public void copyFeatures(int index, float[] dst, int offset) {
        base.copyFeatures(index, dst, offset);
    }

    @Override public void copyTargets(int index, float[] dst, int offset) {
        base.copyFeatures(index, dst, offset);
    }
}
