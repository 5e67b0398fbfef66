package dev.dendrite.spark;

import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import java.io.Serializable;

/** Builds a replica's optimizer on a worker ({@code m -> new Adam(m.parameters(), 1e-3f)}); its state is averaged with the parameters. */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    Optimizer create(Module model);
}
