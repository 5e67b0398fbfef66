package dev.dendrite.spark;

import java.io.Serializable;

/**
 * One partition's round, or several combined: the model and optimizer state it ended with, each
 * multiplied by the number of examples it trained on (so that the driver's average weighs a
 * partition that ran out of data early less), and its training loss and accuracy counts.
 * {@link #add} is the seqOp and the combOp of {@code treeAggregate}: Spark allows it to update
 * and return its first argument, so combining allocates nothing.
 */
final class Contribution implements Serializable {
    float[] model;      // sum over partitions of examples * value; null while empty
    float[] optimizer;
    long examples;
    double lossSum;     // sum of per-example losses
    long correct;
    int steps;          // the most optimizer steps any partition took this round

    static Contribution empty() {
        return new Contribution();
    }

    Contribution add(Contribution other) {
        if (other.examples == 0) return this;
        if (examples == 0) {
            model = other.model;
            optimizer = other.optimizer;
        } else {
            addInto(model, other.model);
            addInto(optimizer, other.optimizer);
        }
        examples += other.examples;
        lossSum += other.lossSum;
        correct += other.correct;
        steps = Math.max(steps, other.steps);
        return this;
    }

    private static void addInto(float[] acc, float[] x) {
        if (acc.length != x.length) {
            throw new IllegalStateException("Contribution: partitions sent " + acc.length + " and " + x.length
                    + " values; every replica must be built the same way");
        }
        for (int i = 0; i < acc.length; i++) acc[i] += x[i];
    }

    /** Bytes of floats carried (what one partition sends up). */
    long bytes() {
        return model == null ? 0 : 4L * (model.length + optimizer.length);
    }
}
