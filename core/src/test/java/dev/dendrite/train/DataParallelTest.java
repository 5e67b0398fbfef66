package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.conformance.TrainingSuite;
import dev.dendrite.data.ArrayDataset;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.SGD;
import dev.dendrite.referencedevice.ReferenceDevice;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DataParallelTest {
    /** A second java device, with its own threads and buffers: the second replica's. */
    private static final JavaDevice SECOND = new JavaDevice(new JavaDevice.Options(JavaDevice.vectorApiAvailable(), 1));

    @AfterAll static void closeSecond() { SECOND.close(); }

    static Sequential mlp(Device d) {
        return new Sequential(new Linear(10, 16, true, d), new ReLU(), new Linear(16, 4, true, d));
    }

    static List<Device> twoDevices() { return List.of(Devices.java(), SECOND); }

    @Test
    void twoReplicasFollowOneDeviceOnTheWholeBatchAndStayBitIdentical() {
        Init.manualSeed(3);
        Sequential single = mlp(Devices.java());
        SGD singleOpt = new SGD(single.parameters(), 0.1f, 0.9f);
        Init.manualSeed(3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        // 7 examples per batch: slices of 4 and 3, so a plain mean of the two slice losses would be wrong.
        DataLoader loader = new DataLoader(TrainingSuite.blobs(35, 5), 7, true, false, 1);
        try (DataParallel dp = DataParallel.of(twoDevices(), DataParallelTest::mlp, m -> new SGD(m.parameters(), 0.1f, 0.9f))) {
            assertParamsEqual(single, dp.model(), 0f, "the replicas start from the single model's weights");
            int step = 0;
            for (Iterator<Batch> it = loader.epoch(0).iterator(); it.hasNext(); step++) {
                try (Scope scope = Scope.open()) {
                    Batch batch = it.next();
                    Tensor value = loss.apply(single.forward(batch.inputs()), batch.targets());
                    singleOpt.zeroGrad();
                    value.backward();
                    singleOpt.step();

                    DataParallel.StepOutput out = dp.forwardBackward(batch, loss);
                    assertEquals(value.item(), out.loss().item(), 1e-5f, "the slice losses weighted by slice size give the batch mean");
                    assertArrayEquals(new int[] {7, 4}, out.output().shape(), "the outputs of both slices, gathered");
                    assertArrayEquals(dp.model().parameters().get(0).grad().toFloatArray(),
                            dp.replica(1).parameters().get(0).grad().toFloatArray(), "every replica holds the same summed gradient");
                    dp.step();
                }
                assertParamsEqual(single, dp.model(), 2e-5f, "step " + step + ": two replicas = one device on the whole batch");
                assertParamsEqual(dp.model(), dp.replica(1), 0f, "step " + step + ": the replicas are bit-identical");
            }
            assertEquals(5, step);
        } finally {
            singleOpt.close();
            single.close();
            loader.close();
        }
    }

    @Test
    void withOneDeviceTheTrainerTakesExactlyTheSingleDevicePath() {
        DataLoader train = new DataLoader(TrainingSuite.blobs(96, 11), 16, true, false, 2);
        DataLoader val = new DataLoader(TrainingSuite.blobs(32, 12), 16);
        Trainer trainer = new Trainer().clipGradNorm(1f).schedule(LrSchedule.cosine(12, 0f), true);

        Init.manualSeed(4);
        Sequential plain = TrainerTest.model(); // with dropout: its masks must match too
        History expected = trainer.fit(plain, new CrossEntropyLoss(), new Adam(plain.parameters(), 0.01f), train, val, 2);

        Init.manualSeed(4);
        try (DataParallel dp = DataParallel.of(List.of(Devices.java()), d -> TrainerTest.model(),
                m -> new Adam(m.parameters(), 0.01f))) {
            History got = trainer.fit(dp, new CrossEntropyLoss(), train, val, 2);
            assertParamsEqual(plain, dp.model(), 0f, "one replica is bit for bit the single-device trainer");
            for (int e = 0; e < 2; e++) {
                assertEquals(expected.epochs().get(e).trainLoss(), got.epochs().get(e).trainLoss(), 0.0);
                assertEquals(expected.epochs().get(e).valLoss(), got.epochs().get(e).valLoss(), 0.0);
            }
        }
        plain.close();
    }

    @Test
    void theTrainerTrainsTwoReplicasLikeOneDevice() {
        // 97 examples in batches of 16: the last batch has one example, so one replica sits it out
        // and must be brought back in step.
        ArrayDataset data = TrainingSuite.blobs(97, 21);
        DataLoader train = new DataLoader(data, 16, true, false, 3);
        DataLoader val = new DataLoader(TrainingSuite.blobs(64, 22), 32);

        Init.manualSeed(5);
        Sequential single = mlp(Devices.java());
        History expected = new Trainer().fit(single, new CrossEntropyLoss(), new Adam(single.parameters(), 0.01f), train, val, 3);

        Init.manualSeed(5);
        try (DataParallel dp = DataParallel.of(twoDevices(), DataParallelTest::mlp, m -> new Adam(m.parameters(), 0.01f))) {
            History got = new Trainer().fit(dp, new CrossEntropyLoss(), train, val, 3);
            for (int e = 0; e < 3; e++) {
                assertEquals(expected.epochs().get(e).trainLoss(), got.epochs().get(e).trainLoss(), 1e-4, "epoch " + e);
                assertEquals(expected.epochs().get(e).valAccuracy(), got.epochs().get(e).valAccuracy(), 0.0, "epoch " + e);
            }
            assertTrue(got.epochs().get(2).valAccuracy() > 0.8, "it learns (chance is 0.25): " + got.epochs().get(2));
            assertParamsEqual(single, dp.model(), 1e-4f, "after 21 Adam steps");
            assertParamsEqual(dp.model(), dp.replica(1), 0f, "the replicas are bit-identical, the idle one included");
        }
        single.close();
    }

    @Test
    void devicesOfDifferentKindsStayBitIdenticalByCopyingTheFirstReplicasStep() {
        // The reference device accumulates in double and may round an Adam update differently
        // from the java device: only the first replica steps, the others receive its weights.
        Init.manualSeed(8);
        Sequential single = mlp(Devices.java());
        Adam singleOpt = new Adam(single.parameters(), 0.01f);
        Init.manualSeed(8);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = new DataLoader(TrainingSuite.blobs(40, 7), 8, true, false, 1);
        try (ReferenceDevice reference = new ReferenceDevice();
             DataParallel dp = DataParallel.of(List.of(Devices.java(), reference), DataParallelTest::mlp,
                     m -> new Adam(m.parameters(), 0.01f))) {
            for (Batch batch : loader.epoch(0)) {
                try (Scope scope = Scope.open()) {
                    Tensor value = loss.apply(single.forward(batch.inputs()), batch.targets());
                    singleOpt.zeroGrad();
                    value.backward();
                    singleOpt.step();
                    dp.forwardBackward(batch, loss);
                    dp.step();
                }
                assertParamsEqual(dp.model(), dp.replica(1), 0f, "java and reference replicas are bit-identical");
            }
            assertParamsEqual(single, dp.model(), 1e-4f, "and equal to one device on the whole batch");
        } finally {
            singleOpt.close();
            single.close();
            loader.close();
        }
    }

    @Test
    void replicasDrawDifferentDropoutMasks() {
        Init.manualSeed(6);
        try (DataParallel dp = DataParallel.of(twoDevices(), d -> new Sequential(new Linear(4, 4, true, d), new Dropout(0.5f)),
                m -> new SGD(m.parameters(), 0f))) {
            Map<String, long[]> first = dp.model().randomState();
            Map<String, long[]> second = dp.replica(1).randomState();
            assertNotEquals(first.get("1")[0], second.get("1")[0], "replica 1's dropout stream is re-seeded");
        }
    }

    @Test
    void badSetupsAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataParallel.of(List.of(), DataParallelTest::mlp, m -> new SGD(m.parameters(), 0.1f)));
        assertTrue(e.getMessage().contains("at least one device"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DataParallel.of(List.of(Devices.java(), Devices.java()),
                DataParallelTest::mlp, m -> new SGD(m.parameters(), 0.1f)));
        assertTrue(e.getMessage().contains("new JavaDevice()"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DataParallel.of(twoDevices(),
                d -> mlp(Devices.java()), m -> new SGD(m.parameters(), 0.1f)));
        assertTrue(e.getMessage().contains("build every layer with the device"), e.getMessage());

        try (DataParallel dp = DataParallel.of(twoDevices(), DataParallelTest::mlp, m -> new SGD(m.parameters(), 0.1f))) {
            DataLoader onSecond = new DataLoader(TrainingSuite.blobs(8, 1), 4, false, false, 0, SECOND);
            e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer().fit(dp, new CrossEntropyLoss(), onSecond, null, 1));
            assertTrue(e.getMessage().contains("first replica"), e.getMessage());
        }
    }

    static void assertParamsEqual(Module a, Module b, float tolerance, String what) {
        List<Tensor> pa = a.parameters();
        List<Tensor> pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).toFloatArray();
            float[] y = pb.get(i).toFloatArray();
            if (tolerance == 0f) {
                assertArrayEquals(x, y, what + " (parameter " + i + ")");
            } else {
                for (int j = 0; j < x.length; j++) {
                    assertEquals(x[j], y[j], tolerance, what + " (parameter " + i + ", element " + j + ")");
                }
            }
        }
    }
}
