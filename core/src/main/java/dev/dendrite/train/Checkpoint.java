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
import java.util.Set;

/**
 * A training checkpoint in one safetensors file, written atomically:
 * <ul>
 *   <li>the model's state dict under PyTorch's names ("0.weight", "fc1.bias", ...), so
 *       {@code safetensors.torch.load_file} followed by {@code load_state_dict} (ignoring the
 *       "optimizer." keys) loads the weights into the same PyTorch model;</li>
 *   <li>the optimizer's state tensors under "optimizer.state.{i}.{key}";</li>
 *   <li>in the metadata: the optimizer's settings and step counts ("optimizer.*"), the random
 *       streams of modules such as Dropout ("rng.*"), the epochs done, the global step, the
 *       epoch that {@code best.safetensors} holds and the history so far, and any strings the
 *       caller adds (the examples keep their command-line settings there).</li>
 * </ul>
 * Loading it into a fresh model and optimizer restores everything a run needs to take exactly the
 * step it would have taken without stopping. {@link Module#load} reads the same file as plain
 * weights, skipping the optimizer's tensors.
 */
public final class Checkpoint {
    private Checkpoint() {}

    static final String OPTIMIZER_PREFIX = StateDicts.OPTIMIZER_PREFIX;
    static final String RNG_PREFIX = "rng.";

    /** Metadata keys the checkpoint itself uses; {@link #save}'s extra strings must avoid them. */
    private static final Set<String> RESERVED = Set.of("format", "epochs_done", "global_step", "base_lr", "best_epoch", "history");

    /**
     * Where a run stood when the checkpoint was written.
     *
     * @param baseLr the learning rate schedules start from (the optimizer's own rate moves with the schedule)
     * @param bestEpoch the epochs done when {@code best.safetensors} was last written (0: never), so that a
     *     resumed run can tell whether that file caught up with this one
     */
    public record State(int epochsDone, long globalStep, float baseLr, History history, int bestEpoch) {
        /** A state without a best checkpoint. */
        public State(int epochsDone, long globalStep, float baseLr, History history) {
            this(epochsDone, globalStep, baseLr, history, 0);
        }
    }

    public static void save(Path file, Module model, Optimizer optimizer, State state) throws IOException {
        save(file, model, optimizer, state, Map.of());
    }

    /** Like {@link #save(Path, Module, Optimizer, State)}, adding {@code extra} metadata strings. */
    public static void save(Path file, Module model, Optimizer optimizer, State state, Map<String, String> extra)
            throws IOException {
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
        metadata.put("best_epoch", Integer.toString(state.bestEpoch()));
        metadata.put("history", state.history().toJson());
        if (optimizer != null) {
            StateDicts.toHost(optimizer.stateTensors()).forEach((k, v) -> tensors.put(OPTIMIZER_PREFIX + k, v));
            optimizer.stateMetadata().forEach((k, v) -> metadata.put(OPTIMIZER_PREFIX + k, v));
        }
        model.randomState().forEach((k, v) -> metadata.put(RNG_PREFIX + k, v[0] + "," + v[1]));
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String k = e.getKey();
            if (RESERVED.contains(k) || k.startsWith(OPTIMIZER_PREFIX) || k.startsWith(RNG_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint.save: metadata key '" + k + "' is the checkpoint's own; choose another");
            }
            metadata.put(k, e.getValue());
        }
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
            Map<String, String> meta = c.metadata();
            String baseLr = meta.get("base_lr");
            String history = meta.get("history");
            return new State(Metadata.integer(meta, "epochs_done"), Metadata.whole(meta, "global_step"),
                    baseLr != null ? Metadata.number(meta, "base_lr") : optimizer != null ? optimizer.lr() : Float.NaN,
                    history == null ? new History() : Metadata.history(meta, "history"), Metadata.integer(meta, "best_epoch"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }
}
