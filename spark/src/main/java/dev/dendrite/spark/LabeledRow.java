package dev.dendrite.spark;

import java.io.Serializable;

/**
 * One training example as a row of a Spark RDD: its features, flattened row-major (an image
 * [1, 28, 28] is 784 floats), and its class label. Serializable so that Spark can cache,
 * spill and move it; the arrays are used as they are, not copied.
 */
public record LabeledRow(float[] features, int label) implements Serializable {
    public LabeledRow {
        if (features == null) throw new IllegalArgumentException("LabeledRow: features is null");
        if (label < 0) throw new IllegalArgumentException("LabeledRow: label must be >= 0, got " + label);
    }
}
