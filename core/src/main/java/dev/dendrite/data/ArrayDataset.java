package dev.dendrite.data;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * A dataset held in arrays: the features of N examples stored back to back, and either int32
 * labels (one per example, or a [T] sequence of them) or float targets. The quickest way to
 * train on data a program makes itself.
 */
public final class ArrayDataset implements Dataset {
    private final float[] features;
    private final int[] featureShape;
    private final int featureSize;
    private final int[] labels;
    private final float[] targets;
    private final int[] targetShape;
    private final int targetSize;
    private final int size;

    private ArrayDataset(float[] features, int[] featureShape, int[] labels, float[] targets, int[] targetShape) {
        this.featureShape = featureShape.clone();
        this.featureSize = Shapes.numel(featureShape);
        this.targetShape = targetShape.clone();
        this.targetSize = Shapes.numel(targetShape);
        if (featureSize == 0 || targetSize == 0) {
            throw new IllegalArgumentException("ArrayDataset: empty example shape " + Arrays.toString(featureShape)
                    + " or target shape " + Arrays.toString(targetShape));
        }
        if (features.length % featureSize != 0) {
            throw new IllegalArgumentException("ArrayDataset: " + features.length + " feature values are not a whole number of examples of shape "
                    + Arrays.toString(featureShape));
        }
        this.size = features.length / featureSize;
        int targetValues = labels != null ? labels.length : targets.length;
        if (targetValues != (long) size * targetSize) {
            throw new IllegalArgumentException("ArrayDataset: " + size + " examples of features need " + (long) size * targetSize
                    + (labels != null ? " labels" : " target values") + " of shape " + Arrays.toString(targetShape)
                    + " but got " + targetValues);
        }
        this.features = features;
        this.labels = labels;
        this.targets = targets;
    }

    /** N examples of {@code featureShape} with a class label each; arrays are used as they are, not copied. */
    public static ArrayDataset classification(float[] features, int[] featureShape, int[] labels) {
        return new ArrayDataset(features, featureShape, labels, null, new int[0]);
    }

    /** N examples with int32 labels of {@code labelShape} each (e.g. [T]: the next character at every position). */
    public static ArrayDataset sequenceLabels(float[] features, int[] featureShape, int[] labels, int[] labelShape) {
        return new ArrayDataset(features, featureShape, labels, null, labelShape);
    }

    /** N examples of {@code featureShape} with a float target of {@code targetShape} each; arrays are not copied. */
    public static ArrayDataset regression(float[] features, int[] featureShape, float[] targets, int[] targetShape) {
        return new ArrayDataset(features, featureShape, null, targets, targetShape);
    }

    @Override public int size() { return size; }
    @Override public int[] featureShape() { return featureShape.clone(); }
    @Override public DType targetType() { return labels != null ? DType.I32 : DType.F32; }
    @Override public int[] targetShape() { return targetShape.clone(); }

    @Override public void copyFeatures(int index, float[] dst, int offset) {
        System.arraycopy(features, check(index) * featureSize, dst, offset, featureSize);
    }

    @Override public int label(int index) {
        if (labels == null) return Dataset.super.label(index);
        if (targetSize != 1 || targetShape.length != 0) {
            throw new UnsupportedOperationException("ArrayDataset: labels have shape " + Arrays.toString(targetShape) + "; use copyLabels");
        }
        return labels[check(index)];
    }

    @Override public void copyLabels(int index, int[] dst, int offset) {
        if (labels == null) {
            Dataset.super.label(index); // throws: float targets
            return;
        }
        System.arraycopy(labels, check(index) * targetSize, dst, offset, targetSize);
    }

    @Override public void copyTargets(int index, float[] dst, int offset) {
        if (targets == null) {
            Dataset.super.copyTargets(index, dst, offset);
            return;
        }
        System.arraycopy(targets, check(index) * targetSize, dst, offset, targetSize);
    }

    private int check(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("example " + index + " of " + size);
        return index;
    }
}
