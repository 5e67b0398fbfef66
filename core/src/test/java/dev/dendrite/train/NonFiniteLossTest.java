package dev.dendrite.train;

import dev.dendrite.conformance.TrainingSuite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.data.DataLoader;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Loss;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonFiniteLossTest {
    @TempDir Path dir;

    /** Cross-entropy, except that call number {@code bad} (from 1) returns {@code value}: a divergence on cue. */
    static Loss turnsBadAt(int bad, float value) {
        int[] calls = {0};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        return (output, target) -> ++calls[0] == bad ? ce.apply(output, target).mul(0).add(value) : ce.apply(output, target);
    }

    private static DataLoader fourBatches() {
        return new DataLoader(TrainingSuite.blobs(64, 1), 16, true, false, 1);
    }

    @Test
    void aNanLossStopsTrainingNamingTheStepTheValueAndTheLearningRate() throws IOException {
        Init.manualSeed(1);
        Sequential m = TrainerTest.model();
        Trainer t = new Trainer().progress(null).checkpointDir(dir);
        // Four steps an epoch: step 7 is batch 3 of epoch 2.
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> t.fit(m, turnsBadAt(7, Float.NaN), new SGD(m.parameters(), 0.25f), fourBatches(), null, 3));
        assertEquals(7, e.step());
        assertEquals(2, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(Float.isNaN(e.value()));
        assertEquals("the loss is NaN at step 7 (epoch 2, batch 3 of 4), learning rate 0.25: the weights have diverged."
                + " Lower the learning rate, or clip gradients (Trainer.clipGradNorm); Trainer.stopOnNonFiniteLoss(false)"
                + " trains on regardless", e.getMessage());
        assertEquals("1", SafeTensors.readMetadata(dir.resolve("last.safetensors")).get("epochs_done"),
                "the checkpoint still holds the last good epoch");
    }

    @Test
    void anInfiniteLossIsCaughtToo() {
        Init.manualSeed(1);
        Sequential m = TrainerTest.model();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> new Trainer().progress(null)
                .fit(m, turnsBadAt(2, Float.POSITIVE_INFINITY), new SGD(m.parameters(), 0.1f), fourBatches(), null, 1));
        assertEquals(2, e.step());
        assertEquals(Float.POSITIVE_INFINITY, e.value());
    }

    @Test
    void askedToContinueItWarnsOnceAndTrainsOn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        Init.manualSeed(1);
        Sequential m = TrainerTest.model();
        History h = new Trainer().progress(bar).stopOnNonFiniteLoss(false)
                .fit(m, turnsBadAt(3, Float.NaN), new SGD(m.parameters(), 0.1f), fourBatches(), null, 2);
        assertEquals(2, h.size());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("warning: the loss is NaN at step 3 (epoch 1, batch 3 of 4); training on, as asked"), text);
        assertEquals(text.indexOf("warning"), text.lastIndexOf("warning"), "once: " + text);
        assertFalse(Double.isFinite(h.epochs().get(0).trainLoss()));
    }
}
