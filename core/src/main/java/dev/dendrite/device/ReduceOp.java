package dev.dendrite.device;

/** Reductions along the middle axis of a contiguous {@code [outer, len, inner]} block. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN,
    /** Index (int32) of the first maximum along the axis. */
    ARGMAX
}
