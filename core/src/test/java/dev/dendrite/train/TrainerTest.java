package dev.dendrite.train;

import dev.dendrite.conformance.TrainingSuite;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.data.ArrayDataset;
import dev.dendrite.data.DataLoader;
import dev.dendrite.io.FileFormatException;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MSELoss;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir Path dir;

    static Sequential model() {
        return new Sequential(new Linear(10, 16), new ReLU(), new Dropout(0.1f), new Linear(16, 4));
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        Init.manualSeed(1);
        Sequential m = model();
        DataLoader train = new DataLoader(TrainingSuite.blobs(64, 1), 16, true, false, 1);
        DataLoader val = new DataLoader(TrainingSuite.blobs(32, 2), 16);
        // lr 0: the validation loss never changes, so it never improves after the first epoch.
        History h = new Trainer().progress(null).earlyStopping(2, 0).checkpointDir(dir)
                .fit(m, new CrossEntropyLoss(), new SGD(m.parameters(), 0f), train, val, 10);
        assertEquals(3, h.size(), "epoch 1 sets the best, epochs 2 and 3 do not improve on it");
        assertTrue(h.stoppedEarly());
        assertEquals(0, h.best().epoch());
        assertTrue(Files.exists(dir.resolve("best.safetensors")));
        assertTrue(Files.exists(dir.resolve("last.safetensors")));
        assertThrows(IllegalArgumentException.class, () -> new Trainer().earlyStopping(0, 0));
    }

    @Test
    void resumingFromAMissingFileSaysSo() {
        Init.manualSeed(1);
        Sequential m = model();
        DataLoader train = new DataLoader(TrainingSuite.blobs(16, 1), 16);
        Path missing = dir.resolve("run/last.safetensors");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> new Trainer().resumeFrom(missing)
                .fit(m, new CrossEntropyLoss(), new SGD(m.parameters(), 0.1f), train, null, 1));
        assertEquals("could not resume from " + missing + ": no such file", e.getMessage());
        Path blocked = dir.resolve("a-file");
        assertDoesNotThrow(() -> Files.writeString(blocked, "not a directory"));
        java.io.UncheckedIOException w = assertThrows(java.io.UncheckedIOException.class, () -> new Trainer()
                .checkpointDir(blocked.resolve("run")).fit(m, new CrossEntropyLoss(), new SGD(m.parameters(), 0.1f), train, null, 1));
        assertTrue(w.getMessage().startsWith("could not"), w.getMessage());
        assertFalse(w.getMessage().endsWith(": " + blocked), "names the problem, not only the path: " + w.getMessage());
    }

    @Test
    void clippingAndPerStepSchedulesAreApplied() {
        Init.manualSeed(7);
        Sequential m = new Sequential(new Linear(10, 4));
        float[] before = m.stateDict().get("0.weight").toFloatArray();
        float[] biasBefore = m.stateDict().get("0.bias").toFloatArray();
        DataLoader one = new DataLoader(TrainingSuite.blobs(16, 8), 16, false, false, 0);
        SGD sgd = new SGD(m.parameters(), 1f);
        // One step of SGD at lr 1 with the gradient clipped to norm 0.01 moves the weights by at most 0.01.
        new Trainer().progress(null).clipGradNorm(0.01f).fit(m, new CrossEntropyLoss(), sgd, one, null, 1);
        double moved = 0;
        float[] after = m.stateDict().get("0.weight").toFloatArray();
        float[] biasAfter = m.stateDict().get("0.bias").toFloatArray();
        for (int i = 0; i < after.length; i++) moved += Math.pow(after[i] - before[i], 2);
        for (int i = 0; i < biasAfter.length; i++) moved += Math.pow(biasAfter[i] - biasBefore[i], 2);
        assertEquals(0.01, Math.sqrt(moved), 1e-4, "the clipped step has norm lr * maxNorm");

        DataLoader four = new DataLoader(TrainingSuite.blobs(64, 9), 16, true, false, 1);
        SGD warm = new SGD(m.parameters(), 0.4f);
        History h = new Trainer().progress(null).schedule(dev.dendrite.optim.LrSchedule.warmup(8, 0.25f,
                dev.dendrite.optim.LrSchedule.constant()), true).fit(m, new CrossEntropyLoss(), warm, four, null, 2);
        assertEquals(0.1, h.epochs().get(0).lr(), 1e-7, "step 0 of the warm-up");
        assertEquals(0.25f * 0.4f + 0.75f * 0.4f * 4 / 8, (float) h.epochs().get(1).lr(), 1e-7f, "step 4");
        assertEquals(0.25f * 0.4f + 0.75f * 0.4f * 7 / 8, warm.lr(), 1e-7f, "the last step, 7");
    }

    @Test
    void evaluateAndPredictAgreeAndRestoreTheMode() {
        Init.manualSeed(2);
        Sequential m = model();
        ArrayDataset data = TrainingSuite.blobs(50, 3);
        DataLoader loader = new DataLoader(data, 16);
        Trainer t = new Trainer().progress(null);
        t.fit(m, new CrossEntropyLoss(), new Adam(m.parameters(), 0.01f), new DataLoader(data, 10, true, false, 1), null, 2);
        assertTrue(m.isTraining());
        EvalResult r = t.evaluate(m, new CrossEntropyLoss(), loader);
        assertTrue(m.isTraining(), "evaluate restores training mode");
        assertEquals(50, r.examples());
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) labels[i] = data.label(i);
        int[] predicted = t.predictClasses(m, loader);
        assertEquals(r.accuracy(), Metrics.accuracy(predicted, labels), 1e-9);
        try (Tensor out = t.predict(m, loader)) {
            assertArrayEquals(new int[] {50, 4}, out.shape());
            // The mean loss over the whole set, computed at once, equals the batch-weighted mean.
            try (Tensor y = Tensor.of(labels, 50)) {
                assertEquals(r.loss(), new CrossEntropyLoss().apply(out, y).item(), 1e-5);
            }
        }
        int[][] cm = Metrics.confusionMatrix(predicted, labels, 4);
        int diagonal = 0, total = 0;
        for (int c = 0; c < 4; c++) for (int p = 0; p < 4; p++) {
            total += cm[c][p];
            if (c == p) diagonal += cm[c][p];
        }
        assertEquals(50, total);
        assertEquals(r.accuracy(), diagonal / 50.0, 1e-9);
        assertTrue(Metrics.format(cm, List.of("a", "b", "c", "d")).contains("predicted"));
    }

    @Test
    void regressionTargetsGiveLossWithoutAccuracy() {
        Init.manualSeed(3);
        float[] x = new float[40];
        float[] y = new float[40];
        for (int i = 0; i < 40; i++) {
            x[i] = i / 40f;
            y[i] = 2 * x[i] - 1;
        }
        Sequential m = new Sequential(new Linear(1, 1));
        DataLoader data = new DataLoader(ArrayDataset.regression(x, new int[] {1}, y, new int[] {1}), 8, true, false, 2);
        History h = new Trainer().progress(null).fit(m, new MSELoss(), new SGD(m.parameters(), 0.3f), data, null, 60);
        assertTrue(Double.isNaN(h.last().trainAccuracy()));
        assertTrue(h.last().trainLoss() < 1e-3, "fits a line: " + h.last().trainLoss());
        float[] w = m.stateDict().get("0.weight").toFloatArray();
        assertEquals(2f, w[0], 0.1f);
    }

    /** Embedding, LSTM and a per-position classifier: the shape of a character-level language model. */
    static final class NextSymbol extends dev.dendrite.nn.Module {
        final dev.dendrite.nn.Embedding embed = registerModule("embed", new dev.dendrite.nn.Embedding(5, 8));
        final dev.dendrite.nn.LSTM lstm = registerModule("lstm", new dev.dendrite.nn.LSTM(8, 16));
        final Linear head = registerModule("head", new Linear(16, 5));

        @Override public Tensor forward(Tensor symbols) {
            return head.forward(lstm.forward(embed.forward(symbols.toInt())));
        }
    }

    @Test
    void lstmLearnsToPredictTheNextSymbolOfASequence() {
        Init.manualSeed(6);
        // Windows of 6 over the periodic text 0 3 1 4 2 0 3 1 4 2 ...; the target at each position is the next symbol.
        int[] text = new int[400];
        for (int i = 0; i < text.length; i++) text[i] = new int[] {0, 3, 1, 4, 2}[i % 5];
        int windows = text.length - 7;
        float[] x = new float[windows * 6];
        int[] y = new int[windows * 6];
        for (int w = 0; w < windows; w++) {
            for (int t = 0; t < 6; t++) {
                x[w * 6 + t] = text[w + t];
                y[w * 6 + t] = text[w + t + 1];
            }
        }
        NextSymbol m = new NextSymbol();
        DataLoader data = new DataLoader(ArrayDataset.sequenceLabels(x, new int[] {6}, y, new int[] {6}), 32, true, false, 3);
        History h = new Trainer().progress(null).fit(m, new CrossEntropyLoss(), new Adam(m.parameters(), 0.02f), data, null, 8);
        assertTrue(h.last().trainAccuracy() > 0.99, "accuracy " + h.last().trainAccuracy());
        assertEquals(List.of("embed.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "head.weight", "head.bias"), List.copyOf(m.stateDict().keySet()));
        m.close();
        data.close();
    }

    @Test
    void checkpointHoldsModelOptimizerAndRunState() throws IOException {
        Init.manualSeed(4);
        Sequential m = model();
        Adam opt = new Adam(m.parameters(), 0.01f);
        DataLoader train = new DataLoader(TrainingSuite.blobs(32, 4), 16, true, false, 3);
        new Trainer().progress(null).checkpointDir(dir).fit(m, new CrossEntropyLoss(), opt, train, null, 2);
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("last.safetensors"));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq"),
                List.copyOf(c.tensors().keySet()).subList(0, 6));
        assertEquals("2", c.metadata().get("epochs_done"));
        assertEquals("4", c.metadata().get("global_step"));
        assertEquals("Adam", c.metadata().get("optimizer.type"));
        assertEquals("4", c.metadata().get("optimizer.state.0.step"));
        assertTrue(c.metadata().containsKey("rng.2"), "the Dropout's stream");
        assertArrayEquals(m.stateDict().get("3.bias").toFloatArray(), c.get("3.bias").floats());

        // A checkpoint of another architecture is refused, naming the tensor.
        Sequential other = new Sequential(new Linear(10, 8), new ReLU(), new Dropout(0.1f), new Linear(8, 4));
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> Checkpoint.load(dir.resolve("last.safetensors"), other, new Adam(other.parameters())));
        assertTrue(e.getMessage().contains("'0.weight' has shape [16, 10]"), e.getMessage());
        // So is one whose optimizer differs.
        Sequential same = model();
        FileFormatException o = assertThrows(FileFormatException.class,
                () -> Checkpoint.load(dir.resolve("last.safetensors"), same, new SGD(same.parameters(), 0.1f)));
        assertTrue(o.getMessage().contains("optimizer Adam"), o.getMessage());
    }

    @Test
    void plainProgressPrintsTenthsAndAnEpochSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0);
        Init.manualSeed(5);
        Sequential m = model();
        DataLoader train = new DataLoader(TrainingSuite.blobs(200, 5), 10, true, false, 4);
        new Trainer().progress(bar).fit(m, new CrossEntropyLoss(), new Adam(m.parameters(), 0.01f), train, null, 1);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("epoch 1/1   2/20 \\[==>                 ] loss \\d\\.\\d{4} acc \\d\\.\\d{4} \\d+ img/s ETA \\d:\\d\\d"), lines[0]);
        assertTrue(lines[9].matches("epoch 1/1  \\d+\\.\\ds  loss \\d\\.\\d{4}  acc \\d\\.\\d{4}  \\d+ img/s  lr 0\\.0100"), lines[9]);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"));
    }

    @Test
    void interactiveProgressRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.startEpoch(0, 3, 5);
        bar.update(2, 64, 0.5, 0.75);
        bar.update(5, 160, 0.25, Double.NaN);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\repoch 1/3  2/5 [========>           ] loss 0.5000 acc 0.7500 "), out);
        assertTrue(out.contains("\repoch 1/3  5/5 [====================] loss 0.2500 "), out);
        assertEquals("0:05", ProgressBar.clock(4.6));
        assertEquals("1:01:01", ProgressBar.clock(3661));
        assertEquals("?", ProgressBar.clock(Double.NaN));
    }
}
