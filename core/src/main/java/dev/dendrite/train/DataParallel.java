package dev.dendrite.train;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.data.Batch;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Loss;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.optim.ClipGrad;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Synchronous data-parallel training in one process: one replica of the model (and of its
 * optimizer) per device, any mix of devices, or several instances of one ({@code new JavaDevice()}
 * makes another java device with its own threads). Each batch is split across the replicas in
 * contiguous slices; every replica runs forward and backward on its slice on its own thread; the
 * gradients are summed (an all-reduce, see {@link GradientSum}) so that every replica holds the
 * same bits; then every replica takes the same optimizer step. The replicas therefore stay
 * bit-identical, and the result equals one device training on the whole batch, up to float
 * rounding of the sums.
 *
 * <p>Each replica's loss is the mean over its slice, so before backward it is weighted by
 * {@code slice / batch}: the weighted sum of the slice means is the mean over the batch, which is
 * what one device would have differentiated. A loss that sums instead of averaging is not supported.
 *
 * <p>With one device, every call is exactly the single-device step (same ops, same order, same
 * thread), so wrapping a model costs nothing and changes no bit.
 *
 * <pre>{@code
 * Init.manualSeed(42);
 * try (DataParallel dp = DataParallel.of(List.of(Devices.java(), new JavaDevice()),
 *         device -> new Sequential(new Linear(784, 128, true, device), new ReLU(), new Linear(128, 10, true, device)),
 *         model -> new Adam(model.parameters(), 1e-3f))) {
 *     new Trainer().fit(dp, new CrossEntropyLoss(), trainLoader, testLoader, 10); // the loaders use the first device
 * }
 * }</pre>
 *
 * <p>What it does not do: BatchNorm statistics are per slice, not synchronised across replicas
 * (the running buffers are copied from the first replica after each step, as PyTorch's DDP
 * broadcasts buffers); dropout draws different masks on each replica (replica i's streams are
 * re-seeded), so a model with dropout is not bit-equal to one device, only equal in distribution.
 */
public final class DataParallel implements AutoCloseable {
    private final List<Device> devices;
    private final List<Module> replicas;
    private final List<Optimizer> optimizers;
    private final ReplicaThreads threads; // null with one replica
    private final GradientSum sum;        // null with one replica
    /** Devices of different kinds may round an update differently: then parameters are copied from replica 0 after each step. */
    private final boolean mixedKinds;
    private int lastParticipants;

    private DataParallel(List<Device> devices, List<Module> replicas, List<Optimizer> optimizers) {
        this.devices = List.copyOf(devices);
        this.replicas = List.copyOf(replicas);
        this.optimizers = List.copyOf(optimizers);
        int k = devices.size();
        this.threads = k > 1 ? new ReplicaThreads(k) : null;
        this.sum = k > 1 ? new GradientSum(k, FlatTensors.numel(optimizers.get(0).params())) : null;
        boolean mixed = false;
        for (Device d : devices) mixed |= !d.name().equals(devices.get(0).name());
        this.mixedKinds = mixed;
    }

    /**
     * Builds one replica per device with {@code newModel} (which must put every parameter on the
     * device it is given), copies the first replica's parameters and buffers into the others, and
     * gives each replica an optimizer from {@code newOptimizer}. Call {@code Init.manualSeed} first
     * for reproducible initial weights: the first replica's are the ones every replica starts from.
     */
    public static DataParallel of(List<Device> devices, Function<Device, Module> newModel, Function<Module, Optimizer> newOptimizer) {
        if (devices == null || devices.isEmpty()) throw new IllegalArgumentException("DataParallel: give at least one device");
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) == null) throw new IllegalArgumentException("DataParallel: device " + i + " is null");
            for (int j = 0; j < i; j++) {
                if (devices.get(j) == devices.get(i)) {
                    throw new IllegalArgumentException("DataParallel: device " + i + " (" + devices.get(i).name()
                            + ") is the same instance as device " + j + "; each replica needs its own device instance"
                            + " (for the java device: new JavaDevice())");
                }
            }
        }
        List<Module> replicas = new ArrayList<>();
        List<Optimizer> optimizers = new ArrayList<>();
        try {
            for (int i = 0; i < devices.size(); i++) {
                Module m = newModel.apply(devices.get(i));
                replicas.add(m);
                checkPlacement(m, devices.get(i), i);
                if (i > 0) copyState(replicas.get(0), m, i);
                Optimizer o = newOptimizer.apply(m);
                optimizers.add(o);
                checkOptimizer(o, m, optimizers.get(0), i);
            }
        } catch (RuntimeException e) {
            for (Optimizer o : optimizers) o.close();
            for (Module m : replicas) m.close();
            throw e;
        }
        return new DataParallel(devices, replicas, optimizers);
    }

    private static void checkPlacement(Module m, Device device, int i) {
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            if (e.getValue().device() != device) {
                throw new IllegalArgumentException("DataParallel: replica " + i + "'s tensor '" + e.getKey() + "' is on another "
                        + e.getValue().device().name() + " device instance than the one given (" + device.name()
                        + "); build every layer with the device the model factory receives");
            }
        }
    }

    private static void checkOptimizer(Optimizer o, Module m, Optimizer first, int i) {
        List<Tensor> mine = m.parameters();
        for (Tensor p : o.params()) {
            if (mine.stream().noneMatch(q -> q == p)) {
                throw new IllegalArgumentException("DataParallel: optimizer " + i + " holds a tensor that is not a parameter of replica "
                        + i + "; build it from the model the optimizer factory receives");
            }
        }
        if (!o.name().equals(first.name()) || o.params().size() != first.params().size()) {
            throw new IllegalArgumentException("DataParallel: optimizer " + i + " (" + o.name() + ", " + o.params().size()
                    + " tensors) differs from optimizer 0 (" + first.name() + ", " + first.params().size() + " tensors)");
        }
    }

    /** Replica {@code to} gets replica {@code from}'s parameters and buffers, and re-seeded random streams. */
    private static void copyState(Module from, Module to, int index) {
        to.loadStateDict(StateDicts.toHost(from.stateDict()));
        Map<String, long[]> random = from.randomState();
        // Distinct masks per replica: the same stream on every slice would drop the same units for
        // example j of every slice. The golden-ratio step keeps replica seeds far apart.
        random.replaceAll((name, s) -> new long[] {s[0] + index * 0x9E3779B97F4A7C15L, s[1]});
        to.loadRandomState(random);
    }

    // ------------------------------------------------------------------ accessors

    /** Number of replicas. */
    public int size() { return replicas.size(); }

    /** The devices, in replica order; batches arrive on the first. */
    public List<Device> devices() { return devices; }

    /** The first replica: the one to evaluate, save and load (the others are copies of it). */
    public Module model() { return replicas.get(0); }

    /** The first replica's optimizer: set its learning rate; the others follow at the next step. */
    public Optimizer optimizer() { return optimizers.get(0); }

    /** Replica {@code i} (for tests and inspection). */
    public Module replica(int i) { return replicas.get(i); }

    // ------------------------------------------------------------------ one training step

    /** What one forward-backward over the whole batch produced, on the first device. */
    public record StepOutput(Tensor output, Tensor loss) {}

    /**
     * Forward and backward of {@code batch} (on the first device) across the replicas. Afterwards
     * every replica holds the gradient of the batch's mean loss. Returns the outputs of all slices
     * in batch order (detached) and the batch's mean loss, both on the first device and owned by
     * the caller's scope.
     */
    public StepOutput forwardBackward(Batch batch, Loss loss) {
        if (batch.inputs().device() != devices.get(0)) {
            throw new IllegalArgumentException("DataParallel: the batch is on a " + batch.inputs().device().name()
                    + " device instance, not on the first replica's device (" + devices.get(0).name() + "): make the data loader with it");
        }
        if (replicas.size() == 1) {
            // Exactly the Trainer's single-device step: same ops, same order.
            Tensor output = replicas.get(0).forward(batch.inputs());
            Tensor value = loss.apply(output, batch.targets());
            optimizers.get(0).zeroGrad();
            value.backward();
            return new StepOutput(output, value);
        }
        int n = batch.size();
        int k = Math.min(replicas.size(), n); // a short last batch may leave replicas idle
        lastParticipants = k;
        int[] start = new int[k + 1];
        for (int i = 0; i < k; i++) start[i + 1] = start[i] + n / k + (i < n % k ? 1 : 0);
        Tensor[] xs = new Tensor[k];
        Tensor[] ys = new Tensor[k];
        for (int i = 0; i < k; i++) {
            xs[i] = batch.inputs().narrow(0, start[i], start[i + 1] - start[i]);
            ys[i] = batch.targets().narrow(0, start[i], start[i + 1] - start[i]);
        }
        Tensor[] outputs = new Tensor[k];
        double[] losses = new double[k];
        threads.run(k, i -> {
            Device device = devices.get(i);
            int rows = start[i + 1] - start[i];
            try (Scope scope = Scope.open()) {
                Tensor x = xs[i].to(device);
                Tensor y = ys[i].to(device);
                optimizers.get(i).zeroGrad();
                Tensor out = replicas.get(i).forward(x);
                Tensor value = loss.apply(out, y);
                if (value.numel() != 1) throw new IllegalArgumentException("DataParallel: the loss must be a scalar, got shape "
                        + Arrays.toString(value.shape()));
                value.backward(Tensor.scalar(device, (float) rows / n)); // slice mean -> its share of the batch mean
                losses[i] = value.item() * ((double) rows / n);
                outputs[i] = scope.keep(out.detach());
                sum.read(i, optimizers.get(i).params());
            }
        });
        sum.reduce(k);
        threads.run(k, i -> sum.write(i, optimizers.get(i).params()));
        // Gather on the first device, on the caller's thread so the caller's scope owns the result.
        Tensor[] gathered = new Tensor[k];
        try {
            for (int i = 0; i < k; i++) gathered[i] = outputs[i].to(devices.get(0));
        } finally {
            for (Tensor t : outputs) if (t != null) t.close();
        }
        double mean = 0;
        for (double l : losses) mean += l;
        return new StepOutput(Tensor.concat(0, gathered), Tensor.scalar(devices.get(0), (float) mean));
    }

    /** Clips every replica's gradient to a joint norm of {@code maxNorm}, as {@link ClipGrad#clipGradNorm} does. */
    public void clipGradNorm(float maxNorm) {
        if (replicas.size() == 1) {
            ClipGrad.clipGradNorm(optimizers.get(0).params(), maxNorm);
            return;
        }
        threads.run(lastParticipants, i -> ClipGrad.clipGradNorm(optimizers.get(i).params(), maxNorm).close());
    }

    /**
     * Every replica takes the optimizer step, at the first optimizer's learning rate, on the same
     * summed gradient: same bits in, same bits out. Two cases copy the first replica's parameters
     * instead: devices of different kinds (their kernels may round an update differently; only
     * the first replica steps and the others receive its parameters), and replicas that had no
     * slice of a batch smaller than the replica count (they also receive the optimizer state).
     * Buffers (BatchNorm's running statistics) are copied from the first replica.
     */
    public void step() {
        if (replicas.size() == 1) {
            optimizers.get(0).step();
            return;
        }
        float lr = optimizers.get(0).lr();
        int k = lastParticipants;
        threads.run(mixedKinds ? 1 : k, i -> {
            optimizers.get(i).setLr(lr);
            optimizers.get(i).step();
        });
        List<List<Tensor>> receivers = new ArrayList<>();
        for (int i = 1; i < replicas.size(); i++) {
            if (mixedKinds || i >= k) receivers.add(optimizers.get(i).params());
        }
        sum.broadcast(optimizers.get(0).params(), receivers);
        if (!mixedKinds) for (int i = k; i < replicas.size(); i++) copyOptimizer(i);
        if (!replicas.get(0).namedBuffers().isEmpty()) {
            // Small (running means and variances), and may be int: copied through the state-dict path.
            var buffers = StateDicts.toHost(replicas.get(0).namedBuffers());
            try (GradMode g = Autograd.noGrad()) {
                for (int i = 1; i < replicas.size(); i++) {
                    replicas.get(i).namedBuffers().forEach((name, t) -> StateDicts.copyInto(t, buffers.get(name)));
                }
            }
        }
    }

    /**
     * Makes every replica a copy of the first: parameters, buffers and optimizer state. The
     * Trainer calls it at the start of a fit, after a resumed checkpoint went into the first replica.
     */
    public void synchronize() {
        for (int i = 1; i < replicas.size(); i++) {
            copyState(replicas.get(0), replicas.get(i), i);
            copyOptimizer(i);
        }
    }

    private void copyOptimizer(int i) {
        Optimizer first = optimizers.get(0);
        optimizers.get(i).loadState(StateDicts.toHost(first.stateTensors()), first.stateMetadata());
    }

    /** Frees every replica but leaves the devices open (they belong to the caller). */
    @Override public void close() {
        if (threads != null) threads.close();
        for (Optimizer o : optimizers) o.close();
        for (Module m : replicas) m.close();
    }
}
