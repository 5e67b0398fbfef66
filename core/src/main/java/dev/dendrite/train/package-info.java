/**
 * The training loop ({@link dev.dendrite.train.Trainer}): progress bar, per-epoch
 * {@link dev.dendrite.train.History}, validation, early stopping, safetensors
 * {@link dev.dendrite.train.Checkpoint}s that resume bit-for-bit, evaluation and prediction,
 * and classification {@link dev.dendrite.train.Metrics}.
 */
package dev.dendrite.train;
