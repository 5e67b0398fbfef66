package dev.dendrite.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the driver broadcasts at the start of a round: the combined model (its float tensors,
 * parameters and float buffers, back to back in state-dict order), the optimizer's state tensors
 * (Adam's moments) likewise, and the optimizer's metadata (step counts). Every worker starts its
 * round from these bits, so a task that Spark retries after a failure trains exactly as the
 * first attempt would have.
 */
record Snapshot(float[] model, float[] optimizer, LinkedHashMap<String, String> optimizerMeta) implements Serializable {
    Snapshot(float[] model, float[] optimizer, Map<String, String> optimizerMeta) {
        this(model, optimizer, new LinkedHashMap<>(optimizerMeta));
    }

    /** Bytes of floats carried: what each worker receives per round. */
    long bytes() {
        return 4L * (model.length + optimizer.length);
    }
}
