package dev.dendrite.train;

/**
 * What one epoch of training measured. Accuracies are NaN when the targets are not class
 * labels; validation figures are NaN when there was no validation data.
 *
 * @param epoch              0-based epoch number
 * @param lr                 learning rate used in this epoch (at its start, when a schedule changes it per step)
 * @param examplesPerSecond  training throughput over the epoch
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double lr, double seconds, double examplesPerSecond) {

    /** The quantity early stopping watches: validation loss when there is one, else training loss. */
    public double monitored() {
        return Double.isNaN(valLoss) ? trainLoss : valLoss;
    }
}
