package dev.dendrite.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.Devices;
import dev.dendrite.io.FileFormatException;
import dev.dendrite.io.HostArray;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleTest {
    @TempDir Path dir;

    @BeforeEach
    void seed() {
        Init.manualSeed(11);
    }

    @Test
    void modelAndOptimizerBuiltInsideAScopeOutliveIt() {
        Linear layer;
        dev.dendrite.optim.Adam adam;
        try (var scope = dev.dendrite.tensor.Scope.open()) {
            layer = new Linear(3, 2);
            adam = new dev.dendrite.optim.Adam(layer.parameters(), 0.1f);
        }
        try (var scope = dev.dendrite.tensor.Scope.open()) {
            Tensor before = layer.weight.clone();
            layer.forward(Tensor.ones(4, 3)).sum().backward();
            adam.step();
            assertFalse(layer.weight.isClosed());
            assertNotEquals(before.toFloatArray()[0], layer.weight.toFloatArray()[0]);
        }
        layer.close();
    }

    /** The classic Keras Fashion-MNIST CNN, as examples build it. */
    static Sequential cnn() {
        return new Sequential(
                new Conv2d(1, 32, 3), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 5 * 5, 128), new ReLU(), new Dropout(0.5f), new Linear(128, 10));
    }

    @Test
    void stateDictUsesPyTorchNamesShapesAndOrder() {
        Sequential m = cnn();
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "10.weight", "10.bias"),
                List.copyOf(sd.keySet()));
        assertArrayEquals(new int[] {32, 1, 3, 3}, sd.get("0.weight").shape());
        assertArrayEquals(new int[] {128, 1600}, sd.get("7.weight").shape());
        assertEquals(320 + 18496 + 204928 + 1290, m.numParameters());
        assertTrue(sd.values().stream().allMatch(Tensor::requiresGrad));

        Sequential withBn = new Sequential(new Linear(4, 3), new BatchNorm1d(3));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(withBn.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(withBn.namedParameters().keySet()));
        assertEquals(DType.I32, withBn.stateDict().get("1.num_batches_tracked").dtype());
        assertEquals(0, withBn.stateDict().get("1.num_batches_tracked").rank());

        LSTM lstm = new LSTM(3, 5, 2, Devices.defaultDevice());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"), List.copyOf(lstm.stateDict().keySet()));
        assertArrayEquals(new int[] {20, 5}, lstm.stateDict().get("weight_ih_l1").shape());
    }

    /** A model with named submodules, as users write them. */
    static final class Net extends Module {
        final Linear fc1 = registerModule("fc1", new Linear(4, 8));
        final Dropout drop = registerModule("drop", new Dropout(0.2f));
        final Linear fc2 = registerModule("fc2", new Linear(8, 2));

        @Override public Tensor forward(Tensor x) {
            return fc2.forward(drop.forward(fc1.forward(x).relu()));
        }
    }

    @Test
    void customModulesComposeNamesAndModes() {
        Net net = new Net();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(net.stateDict().keySet()));
        assertTrue(net.drop.isTraining());
        net.eval();
        assertFalse(net.drop.isTraining());
        assertFalse(net.fc1.isTraining());
        net.train();
        assertTrue(net.drop.isTraining());
        assertEquals(List.of("drop"), List.copyOf(net.randomState().keySet()));
        assertEquals(0L, net.randomState().get("drop")[1], "counter starts at 0");
        assertEquals("Net(\n  (fc1): Linear(in_features=4, out_features=8, bias=True)\n"
                + "  (drop): Dropout(p=0.2, inplace=False)\n  (fc2): Linear(in_features=8, out_features=2, bias=True)\n)", net.toString());
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            { registerModule("a.b", new ReLU()); }

            @Override public Tensor forward(Tensor x) { return x; }
        });
    }

    @Test
    void sharedSubmodulesAreListedOnceAmongParameters() {
        Linear shared = new Linear(3, 3);
        Sequential tied = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(tied.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(tied.stateDict().keySet()));
        assertThrows(IllegalArgumentException.class,
                () -> new dev.dendrite.optim.SGD(List.of(shared.weight, shared.weight), 0.1f));
    }

    @Test
    void defaultInitIsPyTorchsKaimingUniformAndReproducible() {
        Init.manualSeed(5);
        Linear a = new Linear(400, 300);
        Init.manualSeed(5);
        Linear b = new Linear(400, 300);
        assertArrayEquals(a.weight.toFloatArray(), b.weight.toFloatArray(), "same seed, same weights");
        assertFalse(java.util.Arrays.equals(a.weight.toFloatArray(), new Linear(400, 300).weight.toFloatArray()));

        float bound = (float) (1 / Math.sqrt(400));
        float[] w = a.weight.toFloatArray();
        double mean = 0, sq = 0;
        for (float v : w) {
            assertTrue(v >= -bound && v <= bound, "inside U(-1/sqrt(fan_in), 1/sqrt(fan_in))");
            mean += v;
            sq += (double) v * v;
        }
        mean /= w.length;
        double var = sq / w.length - mean * mean;
        assertEquals(0, mean, 2e-4);
        assertEquals(bound * bound / 3, var, bound * bound / 3 * 0.02, "variance of U(-b, b) is b^2 / 3");
        for (float v : a.bias.toFloatArray()) assertTrue(Math.abs(v) <= bound);

        Conv2d conv = new Conv2d(8, 4, 3);
        float convBound = (float) (1 / Math.sqrt(8 * 9));
        for (float v : conv.weight.toFloatArray()) assertTrue(Math.abs(v) <= convBound);
        GRU gru = new GRU(10, 25);
        for (Tensor p : gru.parameters()) for (float v : p.toFloatArray()) assertTrue(Math.abs(v) <= 0.2f);
    }

    @Test
    void saveAndLoadRoundTripBitExactly() throws IOException {
        Sequential a = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Linear(3, 2));
        a.forward(Tensor.uniform(1, -1, 1, 5, 4)); // moves the running statistics
        Path file = dir.resolve("model.safetensors");
        a.save(file);
        Sequential b = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Linear(3, 2));
        b.load(file);
        for (String name : a.stateDict().keySet()) {
            Tensor ta = a.stateDict().get(name);
            Tensor tb = b.stateDict().get(name);
            if (ta.dtype() == DType.F32) assertArrayEquals(ta.toFloatArray(), tb.toFloatArray(), name);
            else assertArrayEquals(ta.toIntArray(), tb.toIntArray(), name);
        }
        BatchNorm1d bn = (BatchNorm1d) b.get(1);
        b.forward(Tensor.uniform(2, -1, 1, 5, 4));
        assertArrayEquals(new int[] {2}, bn.numBatchesTracked.toIntArray(), "the counter continues from the loaded value");
        assertEquals("pt", SafeTensors.read(file).metadata().get("format"));
    }

    @Test
    void loadingRejectsMissingMisShapedAndUnexpectedTensorsByName() throws IOException {
        Sequential m = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        Map<String, HostArray> state = new LinkedHashMap<>();
        state.put("0.weight", HostArray.ofFloats(new float[12], 3, 4));
        state.put("0.bias", HostArray.ofFloats(new float[4], 4));
        state.put("2.weight", HostArray.ofFloats(new float[6], 2, 3));
        state.put("3.bias", HostArray.ofFloats(new float[2], 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        String msg = e.getMessage();
        assertTrue(msg.contains("tensor '0.bias' has shape [4] in the state but the model expects [3]"), msg);
        assertTrue(msg.contains("missing tensor '2.bias' (the model expects shape [2])"), msg);
        assertTrue(msg.contains("unexpected tensor '3.bias'"), msg);

        float[] before = m.stateDict().get("0.weight").toFloatArray();
        assertArrayEquals(before, m.stateDict().get("0.weight").toFloatArray(), "a rejected load changes nothing");

        Path file = dir.resolve("other.safetensors");
        new Sequential(new Linear(4, 5)).save(file);
        assertThrows(IllegalArgumentException.class, () -> m.load(file));
        java.nio.file.Files.write(file, new byte[] {1, 2, 3});
        assertThrows(FileFormatException.class, () -> m.load(file));
    }

    @Test
    void closeFreesEveryBuffer() {
        var device = Devices.defaultDevice();
        long before = device.memoryStats().liveBuffers();
        Sequential m = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new LSTM(3, 2));
        assertTrue(device.memoryStats().liveBuffers() > before);
        m.close();
        assertEquals(before, device.memoryStats().liveBuffers());
    }
}
