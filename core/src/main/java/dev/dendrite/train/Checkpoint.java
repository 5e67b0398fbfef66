package dev.dendrite.train;

import dev.dendrite.io.FileFormatException;
import dev.dendrite.io.HostArray;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file, written atomically:
 * <ul>
 *   <li>the model's state dict under PyTorch's names ("0.weight", "fc1.bias", ...), so
 *       {@code safetensors.torch.load_file} followed by {@code load_state_dict} (ignoring the
 *       "optimizer." keys) loads the weights into the same PyTorch model;</li>
 *   <li>the optimizer's state tensors under "optimizer.state.{i}.{key}";</li>
 *   <li>in the metadata: the optimizer's settings and step counts ("optimizer.*"), the random
 *       streams of modules such as Dropout ("rng.*"), the epochs done, the global step and the
 *       history so far.</li>
 * </ul>
 * Loading it into a fresh model and optimizer restores everything a run needs to take exactly the
 * step it would have taken without stopping.
 */
public final class Checkpoint {
    private Checkpoint() {}

    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String RNG_PREFIX = "rng.";

    /** Where a run stood when the checkpoint was written. */
    /**
     * Where a run stood when the checkpoint was written.
     *
     * @param baseLr the learning rate schedules start from (the optimizer's own rate moves with the schedule)
     */
    public record State(int epochsDone, long globalStep, float baseLr, History history) {}

    public static void save(Path file, Module model, Optimizer optimizer, State state) throws IOException {
        Map<String, HostArray> tensors = new LinkedHashMap<>(StateDicts.toHost(model.stateDict()));
        for (String name : tensors.keySet()) {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint.save: model tensor '" + name + "' collides with the optimizer's prefix");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("epochs_done", Integer.toString(state.epochsDone()));
        metadata.put("global_step", Long.toString(state.globalStep()));
        metadata.put("base_lr", Float.toString(state.baseLr()));
        metadata.put("history", state.history().toJson());
        if (optimizer != null) {
            StateDicts.toHost(optimizer.stateTensors()).forEach((k, v) -> tensors.put(OPTIMIZER_PREFIX + k, v));
            optimizer.stateMetadata().forEach((k, v) -> metadata.put(OPTIMIZER_PREFIX + k, v));
        }
        model.randomState().forEach((k, v) -> metadata.put(RNG_PREFIX + k, v[0] + "," + v[1]));
        SafeTensors.write(file, tensors, metadata);
    }

    private static long[] parseRandomState(String key, String value) {
        String[] parts = value.split(",");
        try {
            if (parts.length == 2) return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("checkpoint metadata '" + key + "' is '" + value + "', expected 'seed,counter'");
    }

    /** Loads model weights, optimizer state (when {@code optimizer} is not null) and random streams; returns where the run stood. */
    public static State load(Path file, Module model, Optimizer optimizer) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, HostArray> modelTensors = new LinkedHashMap<>();
        Map<String, HostArray> optimizerTensors = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER_PREFIX)) optimizerTensors.put(k.substring(OPTIMIZER_PREFIX.length()), v);
            else modelTensors.put(k, v);
        });
        Map<String, String> optimizerMeta = new LinkedHashMap<>();
        Map<String, long[]> rng = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                String k = e.getKey();
                if (k.startsWith(OPTIMIZER_PREFIX)) optimizerMeta.put(k.substring(OPTIMIZER_PREFIX.length()), e.getValue());
                else if (k.startsWith(RNG_PREFIX)) rng.put(k.substring(RNG_PREFIX.length()), parseRandomState(k, e.getValue()));
            }
            model.loadStateDict(modelTensors);
            if (optimizer != null) {
                if (optimizerMeta.isEmpty()) throw new IllegalArgumentException("the checkpoint holds no optimizer state");
                optimizer.loadState(optimizerTensors, optimizerMeta);
            }
            if (!rng.isEmpty() || !model.randomState().isEmpty()) model.loadRandomState(rng);
            int epochs = Integer.parseInt(c.metadata().getOrDefault("epochs_done", "0"));
            long step = Long.parseLong(c.metadata().getOrDefault("global_step", "0"));
            String baseLr = c.metadata().get("base_lr");
            String history = c.metadata().get("history");
            return new State(epochs, step, baseLr != null ? Float.parseFloat(baseLr) : optimizer != null ? optimizer.lr() : Float.NaN,
                    history == null ? new History() : History.fromJson(history));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }
}
