package dev.dendrite.spark;

import dev.dendrite.data.DataLoader;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.train.EvalResult;
import dev.dendrite.train.FlatTensors;
import dev.dendrite.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training on Apache Spark by parameter averaging, as DL4J's
 * ParameterAveragingTrainingMaster: each partition of an RDD of {@link LabeledRow}s trains a
 * replica of the model; every K steps (a round) the replicas' weights and optimizer state are
 * averaged with {@code treeAggregate} (weighted by the examples each trained on) and the average
 * is broadcast as the next round's starting point. The driver holds the combined model: evaluate
 * it, save it, or go on training it.
 *
 * <pre>{@code
 * SparkTrainer t = new SparkTrainer(sc, device -> myModel(device), m -> new Adam(m.parameters(), 1e-3f),
 *         CrossEntropyLoss::new, new int[] {1, 28, 28}).batchSize(64).averageEvery(16);
 * t.fit(rows, 10, testLoader);    // rows: a JavaRDD<LabeledRow>, one replica per partition
 * Module trained = t.model();
 * }</pre>
 *
 * <p>Why averaging every K steps and not a synchronous all-reduce per step: see
 * docs/ARCHITECTURE.md ("Training on Spark"); docs/SCALING.md works out the costs.
 *
 * <p>A task that fails (an executor lost, an exception) is re-run by Spark from the same
 * broadcast, and computes the same contribution: training goes on from the last combined
 * parameters. The workers train on the java device, one per executor thread.
 */
public final class SparkTrainer implements AutoCloseable {
    private final JavaSparkContext sc;
    private final ModelFactory modelFactory;
    private final OptimizerFactory optimizerFactory;
    private final LossFactory lossFactory;
    private final int[] featureShape;
    private final Module model;         // the combined model, on the driver
    private final Optimizer optimizer;  // and its combined optimizer state
    private int batchSize = 64;
    private int averageEvery = 16;
    private boolean cosine;
    private long seed = 42;
    private int treeDepth = 2;
    private Consumer<SparkEpoch> onEpoch = e -> {};
    private long globalStep;
    private int epochsDone;

    /**
     * Builds the driver's model now on the default device (call {@code Init.manualSeed} first for
     * reproducible initial weights): the workers start from its weights.
     */
    public SparkTrainer(JavaSparkContext sc, ModelFactory model, OptimizerFactory optimizer, LossFactory loss, int[] featureShape) {
        this.sc = sc;
        this.modelFactory = model;
        this.optimizerFactory = optimizer;
        this.lossFactory = loss;
        this.featureShape = featureShape.clone();
        Device driver = Devices.defaultDevice();
        this.model = model.create(driver);
        this.optimizer = optimizer.create(this.model);
    }

    public SparkTrainer batchSize(int n) { this.batchSize = n; return this; }

    /** K: local steps per partition between two averagings (DL4J's averagingFrequency). */
    public SparkTrainer averageEvery(int k) { this.averageEvery = k; return this; }

    /** Anneals the learning rate from the optimizer's to 0 along a cosine over all steps of the fit. */
    public SparkTrainer cosine(boolean on) { this.cosine = on; return this; }

    /** Seeds the per-epoch shuffles within partitions and the dropout streams. */
    public SparkTrainer seed(long seed) { this.seed = seed; return this; }

    /** Depth of treeAggregate: 2 combines partitions in executors first when there are many. */
    public SparkTrainer treeDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("SparkTrainer: treeDepth must be >= 1, got " + depth);
        this.treeDepth = depth;
        return this;
    }

    /** Called on the driver after every epoch (to print progress, save a checkpoint, ...). */
    public SparkTrainer onEpoch(Consumer<SparkEpoch> callback) { this.onEpoch = callback; return this; }

    /** The combined model, on the driver's default device. */
    public Module model() { return model; }

    /** The combined optimizer (its lr is the base learning rate of the fit). */
    public Optimizer optimizer() { return optimizer; }

    /**
     * Trains for {@code epochs} more epochs over {@code rows} (cached here if not already) and
     * returns one record per epoch. {@code val} (made on the driver's default device) may be null.
     */
    public List<SparkEpoch> fit(JavaRDD<LabeledRow> rows, int epochs, DataLoader val) {
        if (epochs < 0) throw new IllegalArgumentException("SparkTrainer: epochs must be >= 0, got " + epochs);
        if (rows.getStorageLevel().equals(StorageLevel.NONE())) rows = rows.persist(StorageLevel.MEMORY_ONLY());
        List<Long> sizes = rows.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) n++;
            return List.of(n).iterator();
        }).collect();
        long largest = 0;
        long total = 0;
        for (long n : sizes) {
            largest = Math.max(largest, n);
            total += n;
        }
        if (total == 0) throw new IllegalArgumentException("SparkTrainer: the RDD has no rows");
        long stepsPerEpoch = (largest + batchSize - 1) / batchSize;
        int rounds = (int) ((stepsPerEpoch + averageEvery - 1) / averageEvery);
        Settings settings = new Settings(featureShape, batchSize, averageEvery, optimizer.lr(), cosine,
                stepsPerEpoch * (epochsDone + epochs), seed);
        List<SparkEpoch> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int epoch = epochsDone;
            long start = System.nanoTime();
            Contribution sum = Contribution.empty();
            long up = 0;
            long down = 0;
            for (int r = 0; r < rounds; r++) {
                Snapshot s = ReplicaState.snapshot(model, optimizer);
                Broadcast<Snapshot> b = sc.broadcast(s);
                try {
                    PartitionTrainer task = new PartitionTrainer(modelFactory, optimizerFactory, lossFactory, b, settings,
                            epoch, r, globalStep + (long) r * averageEvery);
                    Contribution c = rows.mapPartitionsWithIndex(task, true)
                            .treeAggregate(Contribution.empty(), Contribution::add, Contribution::add, treeDepth);
                    if (c.examples == 0) throw new IllegalStateException("SparkTrainer: round " + r + " trained on no rows");
                    up = Math.max(up, c.bytes() * sizes.size());
                    down = Math.max(down, s.bytes());
                    apply(c);
                    sum.examples += c.examples;
                    sum.lossSum += c.lossSum;
                    sum.correct += c.correct;
                } finally {
                    b.destroy();
                }
            }
            globalStep += stepsPerEpoch;
            epochsDone++;
            double seconds = (System.nanoTime() - start) / 1e9;
            EvalResult v = val != null ? new Trainer().evaluate(model, lossFactory.create(), val)
                    : new EvalResult(Double.NaN, Double.NaN, 0);
            SparkEpoch report = new SparkEpoch(epoch, sum.lossSum / sum.examples, (double) sum.correct / sum.examples,
                    v.loss(), v.accuracy(), seconds, rounds, up, down, sizes.size());
            out.add(report);
            onEpoch.accept(report);
        }
        return out;
    }

    /** The driver's model and optimizer become the example-weighted average of the round's replicas. */
    private void apply(Contribution c) {
        float w = c.examples;
        for (int i = 0; i < c.model.length; i++) c.model[i] /= w;
        for (int i = 0; i < c.optimizer.length; i++) c.optimizer[i] /= w;
        FlatTensors.write(c.model, ReplicaState.modelTensors(model));
        Map<String, String> meta = new LinkedHashMap<>(optimizer.stateMetadata());
        meta.replaceAll((k, v) -> k.endsWith(".step") ? Long.toString(Long.parseLong(v) + c.steps) : v);
        ReplicaState.loadOptimizer(optimizer, c.optimizer, meta);
    }

    /** Frees the driver's model and optimizer (not the Spark context, which belongs to the caller). */
    @Override public void close() {
        optimizer.close();
        model.close();
    }
}
