package dev.dendrite.optim;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.io.HostArray;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Each update runs on the parameter's device as one
 * fused primitive ({@code sgdUpdate}, {@code adamUpdate}, {@code rmspropUpdate}) over the
 * parameter's buffer: one launch per parameter tensor, and nothing comes back to the host.
 *
 * <p>Per-parameter state (momentum, Adam's moments) is allocated when the optimizer is built and
 * taken out of any open {@link Scope}, so an optimizer may be built anywhere. Parameters without a gradient
 * are skipped by {@link #step()}, as in PyTorch.
 *
 * <p>{@link #stateTensors()} and {@link #stateMetadata()} capture everything a resumed run needs
 * to take exactly the step the uninterrupted run would have taken; {@link #loadState} puts it
 * back. Tensor names follow PyTorch's optimizer state ("state.0.exp_avg", ...).
 */
public abstract class Optimizer implements AutoCloseable {
    protected final List<Tensor> params;
    /** Per parameter: its named state tensors, in a fixed order. */
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    /** Per parameter: how many updates it has received. */
    protected final long[] steps;
    /** Per parameter: true when weight decay skips it (see {@link #withoutDecay}). */
    private final boolean[] noDecay;
    private float lr;

    protected Optimizer(List<Tensor> params, float lr) {
        if (params.isEmpty()) throw new IllegalArgumentException(name() + ": got an empty parameter list");
        checkHyper("lr", lr, 0f);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.dtype() != DType.F32 || !p.requiresGrad() || p.offset() != 0 || !p.isContiguous()) {
                throw new IllegalArgumentException(name() + ": parameter " + i + " of shape " + Arrays.toString(p.shape())
                        + " must be a contiguous float32 tensor that requires grad (got " + p.dtype()
                        + (p.requiresGrad() ? "" : ", no grad") + (p.offset() != 0 || !p.isContiguous() ? ", a strided view" : "") + ")");
            }
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(name() + ": parameter " + i + " is the same tensor as parameter " + j
                            + "; pass each parameter once (model.parameters() lists shared tensors once)");
                }
            }
            state.add(new LinkedHashMap<>());
        }
        this.params = List.copyOf(params);
        this.steps = new long[params.size()];
        this.noDecay = new boolean[params.size()];
        this.lr = lr;
    }

    /**
     * Takes these parameters out of weight decay: PyTorch's two parameter groups, one with the
     * optimizer's weight_decay and one with weight_decay 0. GPT training exempts biases and norm
     * weights ({@link WeightDecay#exempt}): shrinking a bias or a LayerNorm gain towards 0 does
     * not simplify the model, it only fights the normalisation.
     */
    public final Optimizer withoutDecay(java.util.Collection<Tensor> exempt) {
        for (Tensor t : exempt) {
            int i = indexOf(t);
            if (i < 0) throw new IllegalArgumentException(name() + ".withoutDecay: a tensor of shape "
                    + Arrays.toString(t.shape()) + " is not one of this optimizer's parameters");
            noDecay[i] = true;
        }
        return this;
    }

    /** Whether weight decay applies to parameter {@code index}. */
    public final boolean decays(int index) { return !noDecay[index]; }

    /** {@code weightDecay}, or 0 for a parameter exempted from it (what subclasses pass to their update). */
    protected final float decayOf(int index, float weightDecay) { return noDecay[index] ? 0f : weightDecay; }

    private int indexOf(Tensor t) {
        for (int i = 0; i < params.size(); i++) if (params.get(i) == t) return i;
        return -1;
    }

    /** "SGD", "Adam", ... (saved with the state, checked when loading). */
    public abstract String name();

    /** Applies one update to parameter {@code index} from its (contiguous) gradient. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /** The settings besides lr, for the saved state and for printing. */
    protected abstract Map<String, String> hyperparameters();

    /** Registers a state tensor of parameter {@code index} (called by subclass constructors). */
    protected final Tensor addState(int index, String key, Tensor value) {
        state.get(index).put(key, Scope.persist(value));
        return value;
    }

    protected final Tensor state(int index, String key) { return state.get(index).get(key); }

    /** One optimization step over every parameter that has a gradient. */
    public final void step() {
        try (GradMode g = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad == null) continue;
                boolean dense = grad.offset() == 0 && grad.isContiguous();
                Tensor contiguous = dense ? grad : grad.clone();
                try {
                    update(i, p, contiguous);
                } finally {
                    if (!dense) contiguous.close();
                }
                steps[i]++;
            }
        }
    }

    /** Clears (and frees) every parameter's gradient. */
    public final void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    public final float lr() { return lr; }

    /** Sets the learning rate for the following steps (what schedules do). */
    public final void setLr(float lr) {
        checkHyper("lr", lr, 0f);
        this.lr = lr;
    }

    public final List<Tensor> params() { return params; }

    // ------------------------------------------------------------------ saving and loading

    /** The live state tensors by name ("state.{param index}.{key}"). */
    public final Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < state.size(); i++) {
            int index = i;
            state.get(i).forEach((k, t) -> out.put("state." + index + "." + k, t));
        }
        return out;
    }

    /** Type, lr, settings and per-parameter step counts as strings (floats round-trip exactly). */
    public final Map<String, String> stateMetadata() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("type", name());
        out.put("lr", Float.toString(lr));
        hyperparameters().forEach(out::put);
        for (int i = 0; i < steps.length; i++) out.put("state." + i + ".step", Long.toString(steps[i]));
        return out;
    }

    /** Restores what {@link #stateTensors()} and {@link #stateMetadata()} captured; errors name what does not fit. */
    public final void loadState(Map<String, HostArray> tensors, Map<String, String> metadata) {
        String type = metadata.get("type");
        if (!name().equals(type)) {
            throw new IllegalArgumentException(name() + ".loadState: the saved state is for optimizer " + type);
        }
        Map<String, Tensor> mine = stateTensors();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            HostArray a = tensors.get(e.getKey());
            if (a == null) problems.add("missing tensor '" + e.getKey() + "'");
            else if (!Arrays.equals(a.shape(), e.getValue().shape()) || a.dtype() != DType.F32) {
                problems.add("tensor '" + e.getKey() + "' is " + a.dtype() + " " + Arrays.toString(a.shape())
                        + " but the optimizer expects float32 " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String k : tensors.keySet()) if (!mine.containsKey(k)) problems.add("unexpected tensor '" + k + "'");
        long[] loadedSteps = new long[steps.length];
        for (int i = 0; i < steps.length; i++) {
            String s = metadata.get("state." + i + ".step");
            if (s == null) {
                problems.add("missing step count of parameter " + i);
                continue;
            }
            try {
                loadedSteps[i] = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                problems.add("metadata 'state." + i + ".step' is '" + s + "', expected a whole number");
            }
        }
        float savedLr = Float.NaN;
        try {
            savedLr = Float.parseFloat(String.valueOf(metadata.get("lr")).trim());
        } catch (NumberFormatException e) {
            problems.add("metadata 'lr' is '" + metadata.get("lr") + "', expected a number");
        }
        if (metadata.keySet().stream().anyMatch(k -> k.equals("state." + steps.length + ".step"))) {
            problems.add("the saved state has more parameters than the " + steps.length + " this optimizer holds");
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(name() + ".loadState: " + String.join("; ", problems));
        try (GradMode g = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : mine.entrySet()) {
                StateDicts.copyInto(e.getValue(), tensors.get(e.getKey()));
            }
        }
        System.arraycopy(loadedSteps, 0, steps, 0, steps.length);
        setLr(savedLr);
    }

    /** Frees the optimizer's state tensors (not the parameters). */
    @Override public void close() {
        for (Map<String, Tensor> s : state) {
            for (Tensor t : s.values()) if (!t.isClosed()) t.close();
        }
    }

    static void checkHyper(String what, float value, float min) {
        if (!(value >= min) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("optimizer: " + what + " must be a finite number >= " + min + ", got " + value);
        }
    }

    @Override public String toString() {
        return name() + "(lr=" + lr + ", " + hyperparameters() + ")";
    }
}
