/**
 * Data: IDX files ({@link dev.dendrite.data.Idx}, gzip or raw), the MNIST-layout data sets
 * ({@link dev.dendrite.data.FashionMnist}, read from Debian's dataset-fashion-mnist, never
 * downloaded), in-memory {@link dev.dendrite.data.Dataset}s and the
 * {@link dev.dendrite.data.DataLoader}: seeded shuffling, batching, drop-last and background
 * prefetch of the next batch.
 */
package dev.dendrite.data;
