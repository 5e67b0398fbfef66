package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.io.HostArray;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A building block of a network, as in PyTorch: it holds parameters (tensors that learn),
 * buffers (state that does not learn, such as BatchNorm's running statistics) and submodules,
 * each under a name. Names compose with dots, so a {@link Sequential} whose first layer is a
 * {@link Linear} has the parameters {@code "0.weight"} and {@code "0.bias"}: the same names, in
 * the same order, as PyTorch's {@code state_dict()}, so weights move between the two.
 *
 * <p>A module is in training mode after construction; {@link #eval()} switches it (and all its
 * submodules) to inference behaviour (Dropout passes input through, BatchNorm uses its running
 * statistics).
 *
 * <p>Parameters and buffers are taken out of any open {@link Scope} when registered, so a model
 * may be built anywhere; {@link #close()} frees every parameter and buffer.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output. */
    public abstract Tensor forward(Tensor input);

    // ------------------------------------------------------------------ registration (for subclasses)

    /** Registers a learnable tensor under {@code name}; it is made to require gradients. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (value.dtype() != DType.F32) throw new IllegalArgumentException(getClass().getSimpleName()
                + ": parameter '" + name + "' must be float32, got " + value.dtype());
        value.requiresGrad(true);
        parameters.put(name, Scope.persist(value));
        return value;
    }

    /** Registers state that is saved with the model but does not learn. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, Scope.persist(value));
        return value;
    }

    /** Registers a submodule under {@code name}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
        }
    }

    // ------------------------------------------------------------------ traversal

    /** Direct submodules by name, in registration order. */
    public final Map<String, Module> children() { return new LinkedHashMap<>(children); }

    /**
     * Every parameter of this module and its submodules, by dotted name, in PyTorch's order. A
     * tensor shared by two submodules (tied weights) is listed once, under its first name.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect("", all, true, false);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.forEach((name, t) -> {
            if (seen.add(t)) out.put(name, t);
        });
        return out;
    }

    /** The parameters, in the order of {@link #namedParameters()} (give these to an optimizer). */
    public final List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer of this module and its submodules, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (each module's own parameters,
     * then its own buffers, then its submodules). The tensors are the live ones, not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean params, boolean bufs) {
        if (params) parameters.forEach((n, t) -> out.put(prefix + n, t));
        if (bufs) buffers.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, params, bufs));
    }

    /** Number of learnable scalars. */
    public final long numParameters() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    // ------------------------------------------------------------------ modes and gradients

    /** Switches this module and its submodules to training ({@code true}) or inference mode. */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) m.train(on);
        return this;
    }

    public final Module train() { return train(true); }

    public final Module eval() { return train(false); }

    public final boolean isTraining() { return training; }

    /** Clears (and frees) the gradient of every parameter. */
    public final void zeroGrad() {
        for (Tensor p : namedParameters().values()) p.zeroGrad();
    }

    // ------------------------------------------------------------------ random state

    /**
     * Where the random streams that modules draw from while training (Dropout's masks) stand: by
     * dotted module name ("" for this module itself), the stream's seed and counter. A checkpoint
     * saves it so that a resumed run draws the masks the uninterrupted run would have drawn.
     */
    public final Map<String, long[]> randomState() {
        Map<String, long[]> out = new LinkedHashMap<>();
        collectRandom("", out);
        return out;
    }

    /** Puts back what {@link #randomState()} returned; the module names must match. */
    public final void loadRandomState(Map<String, long[]> state) {
        Map<String, long[]> mine = randomState();
        if (!mine.keySet().equals(state.keySet())) {
            throw new IllegalArgumentException("loadRandomState: the model has random streams " + mine.keySet()
                    + " but the state names " + state.keySet());
        }
        applyRandom("", state);
    }

    private void collectRandom(String prefix, Map<String, long[]> out) {
        long[] own = ownRandomState();
        if (own != null) out.put(trimDot(prefix), own.clone());
        children.forEach((n, m) -> m.collectRandom(prefix + n + ".", out));
    }

    private void applyRandom(String prefix, Map<String, long[]> state) {
        if (ownRandomState() != null) {
            long[] s = state.get(trimDot(prefix));
            if (s.length != 2) throw new IllegalArgumentException("loadRandomState: expected {seed, counter} for '" + trimDot(prefix) + "'");
            setOwnRandomState(s[0], s[1]);
        }
        children.forEach((n, m) -> m.applyRandom(prefix + n + ".", state));
    }

    private static String trimDot(String prefix) {
        return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
    }

    /** Modules that draw random numbers while running return {seed, counter} here; others null. */
    protected long[] ownRandomState() { return null; }

    protected void setOwnRandomState(long seed, long counter) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no random stream");
    }

    // ------------------------------------------------------------------ loading and saving

    /**
     * Copies {@code state} into this module's parameters and buffers. Every name must be present
     * with the model's shape and no name may be extra; the error names the tensor otherwise.
     */
    public final void loadStateDict(Map<String, HostArray> state) {
        Map<String, Tensor> mine = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            HostArray a = state.get(e.getKey());
            Tensor t = e.getValue();
            if (a == null) {
                problems.add("missing tensor '" + e.getKey() + "' (the model expects shape " + Arrays.toString(t.shape()) + ")");
            } else if (!Arrays.equals(a.shape(), t.shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(a.shape())
                        + " in the state but the model expects " + Arrays.toString(t.shape()));
            } else if (a.dtype() != t.dtype()) {
                problems.add("tensor '" + e.getKey() + "' is " + a.dtype() + " in the state but the model holds " + t.dtype());
            }
        }
        Set<String> extra = new LinkedHashSet<>(state.keySet());
        extra.removeAll(mine.keySet());
        for (String name : extra) problems.add("unexpected tensor '" + name + "' (not in the model)");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        }
        try (GradMode g = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : mine.entrySet()) StateDicts.copyInto(e.getValue(), state.get(e.getKey()));
        }
        afterLoad();
    }

    private void afterLoad() {
        onStateLoaded();
        for (Module m : children.values()) m.afterLoad();
    }

    /** Called after {@link #loadStateDict} overwrote this module's tensors, for modules that mirror state on the host. */
    protected void onStateLoaded() {}

    /** Saves the state dict as a safetensors file (atomically), loadable by PyTorch's {@code safetensors.torch.load_file}. */
    public final void save(Path file) throws IOException {
        SafeTensors.write(file, StateDicts.toHost(stateDict()), Map.of("format", "pt"));
    }

    /**
     * Loads a safetensors file written by {@link #save}, by PyTorch, or by a trainer
     * ({@code last.safetensors}, {@code best.safetensors}): a checkpoint also holds the optimizer's
     * state, which the model skips ({@code Trainer.resumeFrom} restores it to continue training).
     * See {@link #loadStateDict}.
     */
    public final void load(Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, HostArray> weights = new LinkedHashMap<>(contents.tensors());
        // Checkpoint.save marks its optimizer state with metadata "optimizer.type"; a file without
        // it is taken as it is, whatever its names.
        if (contents.metadata().containsKey(StateDicts.OPTIMIZER_PREFIX + "type")) {
            weights.keySet().removeIf(name -> name.startsWith(StateDicts.OPTIMIZER_PREFIX));
        }
        loadStateDict(weights);
    }

    /** Frees every parameter, gradient and buffer of this module and its submodules. */
    @Override public void close() {
        for (Tensor t : stateDict().values()) {
            if (t.isClosed()) continue;
            if (t.requiresGrad()) t.zeroGrad();
            t.close();
        }
    }

    // ------------------------------------------------------------------ printing

    /** The part inside the parentheses of this module's description, e.g. "in_features=784, out_features=10". */
    protected String extraRepr() { return ""; }

    /** PyTorch-style description: the tree of modules with their settings. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((n, m) -> sb.append("  (").append(n).append("): ")
                    .append(m.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
