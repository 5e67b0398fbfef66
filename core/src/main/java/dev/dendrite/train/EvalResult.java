package dev.dendrite.train;

/** Mean loss and accuracy (NaN without class labels) over {@code examples} examples. */
public record EvalResult(double loss, double accuracy, int examples) {}
