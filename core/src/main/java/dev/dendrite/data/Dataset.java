package dev.dendrite.data;

import dev.dendrite.device.DType;

/**
 * Examples a model learns from, addressed by index. Each example has features of a fixed shape
 * (an image [1, 28, 28], a vector [784]) and a target: a class label (int32, shape []) or a float
 * array (regression, autoencoders). Datasets live on the host; a {@link DataLoader} gathers
 * examples into batches and turns them into tensors.
 *
 * <p>Implementations must allow concurrent reads: the loader gathers the next batch on a
 * background thread.
 */
public interface Dataset {
    int size();

    /** Shape of one example's features, without the batch axis. */
    int[] featureShape();

    /** I32 for class labels (see {@link #label}), F32 for float targets (see {@link #copyTargets}). */
    DType targetType();

    /** Shape of one example's target: [] for a class label, [T] for a label per position of a sequence. */
    int[] targetShape();

    /** Writes example {@code index}'s features, row-major, into {@code dst} from {@code offset}. */
    void copyFeatures(int index, float[] dst, int offset);

    /** The class label of example {@code index} (only when {@link #targetType()} is I32). */
    default int label(int index) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has float targets, not class labels");
    }

    /**
     * Writes example {@code index}'s int32 labels (as many as {@link #targetShape()} holds) into
     * {@code dst}; only when {@link #targetType()} is I32. The default serves single labels.
     */
    default void copyLabels(int index, int[] dst, int offset) {
        if (targetShape().length != 0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " must implement copyLabels for label shape "
                    + java.util.Arrays.toString(targetShape()));
        }
        dst[offset] = label(index);
    }

    /** Writes example {@code index}'s float target into {@code dst} (only when {@link #targetType()} is F32). */
    default void copyTargets(int index, float[] dst, int offset) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has class labels, not float targets");
    }

    /**
     * The same examples with their features as float targets too, for autoencoders: a batch's
     * targets equal its inputs.
     */
    default Dataset inputsAsTargets() {
        return new InputsAsTargets(this);
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), without copying. */
    default Dataset slice(int from, int to) {
        return new SubsetDataset(this, from, to);
    }
}
