package dev.dendrite.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How the workers train, shipped with every round's tasks. {@code averageEvery} is K, the local
 * steps each partition takes between two averagings: one round is K steps. {@code cosine} anneals
 * the learning rate from {@code lr} to 0 along a cosine over {@code totalSteps} (counted per
 * worker, as each takes one step per batch of its own).
 */
record Settings(int[] featureShape, int batchSize, int averageEvery, float lr, boolean cosine, long totalSteps, long seed)
        implements Serializable {
    Settings {
        if (featureShape.length == 0) throw new IllegalArgumentException("SparkTrainer: the feature shape is empty");
        for (int d : featureShape) {
            if (d <= 0) throw new IllegalArgumentException("SparkTrainer: bad feature shape " + Arrays.toString(featureShape));
        }
        if (batchSize <= 0) throw new IllegalArgumentException("SparkTrainer: the batch size must be positive, got " + batchSize);
        if (averageEvery <= 0) throw new IllegalArgumentException("SparkTrainer: averageEvery must be positive, got " + averageEvery);
        if (!(lr >= 0f) || Float.isInfinite(lr)) throw new IllegalArgumentException("SparkTrainer: bad learning rate " + lr);
    }

    int featureSize() {
        int n = 1;
        for (int d : featureShape) n *= d;
        return n;
    }
}
