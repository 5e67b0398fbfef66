package dev.dendrite.spark;

import dev.dendrite.device.Device;
import dev.dendrite.nn.Module;
import java.io.Serializable;

/**
 * Builds the model on a worker. Spark ships the factory, not a model: a lambda or a small
 * class is a few hundred bytes, and every worker builds its replica on its own device, then
 * overwrites the weights with the broadcast ones. Every layer must be built on {@code device}.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
    Module create(Device device);
}
