package dev.dendrite.spark;

/**
 * One epoch of {@link SparkTrainer}: the training loss and accuracy over what the workers saw,
 * the validation figures (NaN without validation data), wall seconds of training (not
 * validation), and what was exchanged: {@code rounds} averagings, each sending
 * {@code bytesUpPerRound} from the partitions to the driver (all partitions together) and
 * broadcasting {@code bytesDownPerRound} to every worker. Bytes count the floats carried, not
 * Java serialization's few hundred bytes of headers.
 */
public record SparkEpoch(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                         double seconds, int rounds, long bytesUpPerRound, long bytesDownPerRound, int partitions) {}
