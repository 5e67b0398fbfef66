package dev.dendrite.spark;

import dev.dendrite.data.Dataset;
import java.io.Serializable;

/**
 * Opens a Dendrite {@link Dataset} on a worker ({@code () -> FashionMnist.load(dir, TRAIN)}): the
 * recipe travels, not the data, so each executor reads its part from its own disk.
 */
@FunctionalInterface
public interface DatasetSource extends Serializable {
    Dataset open() throws Exception;
}
