package dev.dendrite.spark;

import dev.dendrite.nn.Loss;
import java.io.Serializable;

/** Builds the loss on a worker ({@code CrossEntropyLoss::new}): losses need not be serializable themselves. */
@FunctionalInterface
public interface LossFactory extends Serializable {
    Loss create();
}
