package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.conformance.TrainingSuite;
import dev.dendrite.data.DataLoader;
import dev.dendrite.device.Device;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on Spark in local mode: two worker threads, two partitions of synthetic data. */
class SparkTrainingTest {
    static JavaSparkContext sc;
    static JavaRDD<LabeledRow> rows;
    static final AtomicInteger failedTasks = new AtomicInteger();

    @BeforeAll static void start() {
        sc = SparkContexts.open("local[2]", "dendrite-test");
        sc.sc().addSparkListener(new SparkListener() {
            @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) failedTasks.incrementAndGet();
            }
        });
        rows = DatasetRows.of(sc, () -> TrainingSuite.blobs(512, 1), 2);
    }

    @AfterAll static void stop() {
        if (sc != null) sc.stop();
    }

    static Module mlp(Device d) {
        // Dropout: a retried task must draw the same masks as its first attempt did.
        return new Sequential(new Linear(10, 16, true, d), new ReLU(), new Dropout(0.1f), new Linear(16, 4, true, d));
    }

    static SparkTrainer trainer(LossFactory loss) {
        Init.manualSeed(9);
        return new SparkTrainer(sc, SparkTrainingTest::mlp, m -> new Adam(m.parameters(), 0.01f), loss, new int[] {10})
                .batchSize(16).averageEvery(4).seed(3);
    }

    @Test
    void partitionsTrainReplicasWhoseAverageLearns() {
        DataLoader val = new DataLoader(TrainingSuite.blobs(256, 2), 64);
        try (SparkTrainer t = trainer(CrossEntropyLoss::new)) {
            List<SparkEpoch> epochs = t.fit(rows, 3, val);
            assertEquals(3, epochs.size());
            SparkEpoch last = epochs.get(2);
            assertTrue(last.valAccuracy() > 0.9, "the averaged model learns the blobs: " + last);
            assertTrue(last.trainLoss() < epochs.get(0).trainLoss(), "the training loss falls: " + epochs);
            // 256 rows per partition, 16 per batch: 16 steps, 4 per round.
            assertEquals(4, last.rounds());
            assertEquals(2, last.partitions());
            long params = t.model().numParameters();
            long stateFloats = 3 * params; // weights, and Adam's two moments
            assertEquals(4 * stateFloats, last.bytesDownPerRound(), "the broadcast: weights and optimizer state");
            assertEquals(2 * 4 * stateFloats, last.bytesUpPerRound(), "each partition sends as much back");
        }
    }

    /** Counts the loss evaluations of every task in this JVM; the failing loss throws once, mid-round. */
    static final AtomicInteger lossCalls = new AtomicInteger();
    static final AtomicBoolean thrown = new AtomicBoolean();

    @Test
    void aTaskThatDiesMidRoundIsRetriedAndTrainingGoesOnFromTheLastAverage() {
        float[] clean;
        try (SparkTrainer t = trainer(CrossEntropyLoss::new)) {
            t.fit(rows, 2, null);
            clean = t.model().parameters().get(0).toFloatArray();
        }
        int failedBefore = failedTasks.get();
        lossCalls.set(0);
        thrown.set(false);
        LossFactory dying = () -> {
            CrossEntropyLoss ce = new CrossEntropyLoss();
            return (out, target) -> {
                // Round 1 of epoch 0 runs loss calls 8 to 15 (two partitions, four steps each): the
                // first attempt of whichever task makes call 11 dies after some of its steps.
                if (lossCalls.incrementAndGet() == 11 && TaskContext.get().attemptNumber() == 0 && thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("killed mid-round by the test");
                }
                return ce.apply(out, target);
            };
        };
        float[] survived;
        try (SparkTrainer t = trainer(dying)) {
            t.fit(rows, 2, null);
            survived = t.model().parameters().get(0).toFloatArray();
        }
        assertTrue(thrown.get(), "the test's loss did kill a task");
        waitFor(() -> failedTasks.get() > failedBefore);
        assertEquals(failedBefore + 1, failedTasks.get(), "Spark saw one failed task attempt");
        assertArrayEquals(clean, survived, "the retried task trained from the same broadcast: bit for bit the clean run");
    }

    @Test
    void rowsOfTheWrongWidthAreReported() {
        try (SparkTrainer t = new SparkTrainer(sc, SparkTrainingTest::mlp, m -> new Adam(m.parameters(), 0.01f),
                CrossEntropyLoss::new, new int[] {12})) {
            Exception e = assertThrows(Exception.class, () -> t.fit(rows, 1, null));
            assertTrue(String.valueOf(e.getMessage()).contains("the feature shape needs 12"), e.getMessage());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L; // listener events arrive asynchronously
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.onSpinWait();
    }

    static {
        Tensor.class.getName(); // core on the class path before Spark's threads touch it
    }
}
