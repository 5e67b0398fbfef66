package dev.dendrite.spark;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Loss;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.FlatTensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round on one partition, run by a Spark task: build a replica, load the broadcast snapshot,
 * take up to K steps over this partition's next K batches of the epoch, and send back the
 * replica's state (weighted by the examples it saw) with its loss and accuracy counts.
 *
 * <p>Everything a task does follows from the snapshot, the settings, the epoch, the round and the
 * partition's rows: a retried task (Spark re-runs a failed one) computes the same contribution
 * bit for bit, so a worker lost mid-round costs time, never a different result.
 */
final class PartitionTrainer implements Function2<Integer, Iterator<LabeledRow>, Iterator<Contribution>> {
    private final ModelFactory modelFactory;
    private final OptimizerFactory optimizerFactory;
    private final LossFactory lossFactory;
    private final Broadcast<Snapshot> snapshot;
    private final Settings settings;
    private final int epoch;
    private final int round;
    private final long firstStep; // global step of this round's first step, for the schedule

    PartitionTrainer(ModelFactory modelFactory, OptimizerFactory optimizerFactory, LossFactory lossFactory,
                     Broadcast<Snapshot> snapshot, Settings settings, int epoch, int round, long firstStep) {
        this.modelFactory = modelFactory;
        this.optimizerFactory = optimizerFactory;
        this.lossFactory = lossFactory;
        this.snapshot = snapshot;
        this.settings = settings;
        this.epoch = epoch;
        this.round = round;
        this.firstStep = firstStep;
    }

    @Override public Iterator<Contribution> call(Integer partition, Iterator<LabeledRow> rows) {
        List<LabeledRow> mine = new ArrayList<>();
        rows.forEachRemaining(mine::add); // references to the cached rows, not copies
        // The epoch's order of this partition: java.util.Random's sequence is fixed by the
        // language specification, so every JVM (and every retry) shuffles alike.
        Collections.shuffle(mine, new Random(settings.seed() * 31 + partition * 1_000_003L + epoch));
        int b = settings.batchSize();
        int first = round * settings.averageEvery() * b;
        if (first >= mine.size()) return List.of(Contribution.empty()).iterator(); // this partition's epoch is over

        Device device = WorkerDevice.forThisThread();
        Loss loss = lossFactory.create();
        LrSchedule schedule = settings.cosine() ? LrSchedule.cosine(settings.totalSteps(), 0f) : LrSchedule.constant();
        Contribution c = new Contribution();
        try (Module model = modelFactory.create(device); Optimizer optimizer = optimizerFactory.create(model)) {
            ReplicaState.load(snapshot.value(), model, optimizer);
            reseed(model, partition);
            model.train();
            int featureSize = settings.featureSize();
            float[] x = new float[b * featureSize]; // reused by every full batch of the round
            int[] y = new int[b];
            int step = 0;
            for (; step < settings.averageEvery(); step++) {
                int start = first + step * b;
                if (start >= mine.size()) break;
                int n = Math.min(b, mine.size() - start);
                float[] xs = n == b ? x : new float[n * featureSize]; // the epoch's short last batch
                int[] ys = n == b ? y : new int[n];
                for (int i = 0; i < n; i++) {
                    LabeledRow r = mine.get(start + i);
                    if (r.features().length != featureSize) {
                        throw new IllegalArgumentException("SparkTrainer: a row has " + r.features().length
                                + " features, the feature shape needs " + featureSize);
                    }
                    System.arraycopy(r.features(), 0, xs, i * featureSize, featureSize);
                    ys[i] = r.label();
                }
                optimizer.setLr(schedule.lr(settings.lr(), firstStep + step));
                trainStep(model, optimizer, loss, device, xs, ys, n, c);
            }
            c.steps = step;
            c.model = weighted(ReplicaState.modelTensors(model), c.examples);
            c.optimizer = weighted(ReplicaState.optimizerTensors(optimizer), c.examples);
        }
        return List.of(c).iterator();
    }

    private void trainStep(Module model, Optimizer optimizer, Loss loss, Device device, float[] xs, int[] ys, int n, Contribution c) {
        try (Scope scope = Scope.open()) {
            Tensor inputs = Tensor.of(device, xs, shape(n));
            Tensor targets = Tensor.of(device, ys, n);
            Tensor output = model.forward(inputs);
            Tensor value = loss.apply(output, targets);
            optimizer.zeroGrad();
            value.backward();
            optimizer.step();
            try (GradMode g = Autograd.noGrad()) {
                c.lossSum += (double) value.item() * n;
                c.correct += (long) output.argmax(-1, false).toFloat().eq(targets.toFloat()).sum().item();
            }
            c.examples += n;
        }
    }

    private int[] shape(int n) {
        int[] f = settings.featureShape();
        int[] s = new int[f.length + 1];
        s[0] = n;
        System.arraycopy(f, 0, s, 1, f.length);
        return s;
    }

    /**
     * Dropout streams from (seed, partition, epoch, round, module name) alone: masks differ by
     * partition and round (the same stream everywhere would drop the same units), and do not
     * depend on the seed the layer drew when built, which comes from a JVM-wide sequence that
     * other tasks in this executor advance: a retried task must draw the masks the first drew.
     */
    private void reseed(Module model, int partition) {
        Map<String, long[]> random = model.randomState();
        if (random.isEmpty()) return;
        long salt = settings.seed() + 0x9E3779B97F4A7C15L * (partition + 1) + 0xBF58476D1CE4E5B9L * (epoch * 100_003L + round);
        random.replaceAll((name, s) -> new long[] {salt ^ (0x94D049BB133111EBL * (name.hashCode() + 1L)), 0});
        model.loadRandomState(random);
    }

    /** The tensors read into one fresh array, each value multiplied by {@code weight}. */
    private static float[] weighted(List<Tensor> tensors, long weight) {
        float[] v = new float[FlatTensors.numel(tensors)];
        FlatTensors.read(tensors, v);
        float w = weight;
        for (int i = 0; i < v.length; i++) v[i] *= w;
        return v;
    }
}
