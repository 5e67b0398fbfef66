package dev.dendrite.train;

import dev.dendrite.conformance.TrainingSuite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.data.DataLoader;
import dev.dendrite.io.FileFormatException;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed run leaves behind, and what the next one makes of it. */
class CheckpointRecoveryTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    private Trainer trainer() {
        return new Trainer().progress(new ProgressBar(new PrintStream(said, true, StandardCharsets.UTF_8), false))
                .checkpointDir(dir);
    }

    /** Trains a fresh model for {@code epochs} epochs in total, from {@code resume} when it is not null. */
    private Sequential train(Path resume, int epochs) {
        Init.manualSeed(4);
        Sequential m = TrainerTest.model();
        Trainer t = trainer();
        if (resume != null) t.resumeFrom(resume);
        t.fit(m, new CrossEntropyLoss(), new Adam(m.parameters(), 0.01f),
                new DataLoader(TrainingSuite.blobs(64, 4), 16, true, false, 3), new DataLoader(TrainingSuite.blobs(32, 5), 16), epochs);
        return m;
    }

    private static int epochsDone(Path file) throws IOException {
        return Integer.parseInt(SafeTensors.readMetadata(file).get("epochs_done"));
    }

    @Test
    void aBestLeftBehindByAKillIsRepairedOnResume() throws IOException {
        Path last = dir.resolve("last.safetensors"), best = dir.resolve("best.safetensors");
        train(null, 1);
        Path staleBest = Files.copy(best, dir.resolve("stale"));
        train(last, 2);
        assertEquals("2", SafeTensors.readMetadata(last).get("best_epoch"), "the loss improved in epoch 2");
        // A kill after last.safetensors of epoch 2 and before its best.safetensors:
        Files.move(staleBest, best, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(1, epochsDone(best));

        train(last, 2); // nothing left to train: only the repair
        assertEquals(2, epochsDone(best));
        assertArrayEquals(Files.readAllBytes(last), Files.readAllBytes(best));
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("repaired " + best + ": it held epoch 1, now epoch 2"), said.toString());
    }

    @Test
    void temporaryFilesOfKilledWritesAreRemovedWhenTheNextRunStarts() throws IOException {
        Path orphan = Files.write(dir.resolve(".last.safetensors.3kq9z.tmp"), new byte[100]);
        Path orphanBest = Files.write(dir.resolve(".best.safetensors.81ma.tmp"), new byte[100]);
        Path mine = Files.write(dir.resolve("notes.tmp"), new byte[1]);
        train(null, 1);
        assertFalse(Files.exists(orphan) || Files.exists(orphanBest));
        assertTrue(Files.exists(mine), "only the checkpoints' own temporaries are removed");
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("removed 2 temporary file(s)"), said.toString());
    }

    @Test
    void aModelLoadsItsWeightsFromATrainingCheckpoint() throws IOException {
        Sequential trained = train(null, 1);
        Init.manualSeed(99);
        Sequential fresh = TrainerTest.model();
        fresh.load(dir.resolve("last.safetensors")); // holds optimizer tensors too: skipped, not refused
        for (String name : trained.stateDict().keySet()) {
            assertArrayEquals(trained.stateDict().get(name).toFloatArray(), fresh.stateDict().get(name).toFloatArray(), name);
        }
    }

    @Test
    void aMetadataValueThatDoesNotParseIsNamedByItsKey() throws IOException {
        train(null, 1);
        Path last = dir.resolve("last.safetensors");
        SafeTensors.Contents c = SafeTensors.read(last);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("global_step", "four");
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, c.tensors(), meta);
        Sequential m = TrainerTest.model();
        FileFormatException e = assertThrows(FileFormatException.class, () -> Checkpoint.load(bad, m, new Adam(m.parameters())));
        assertTrue(e.getMessage().endsWith("checkpoint metadata 'global_step' is 'four', expected a whole number"), e.getMessage());

        meta.put("global_step", "4");
        meta.put("optimizer.state.0.step", "4.5");
        SafeTensors.write(bad, c.tensors(), meta);
        FileFormatException o = assertThrows(FileFormatException.class, () -> Checkpoint.load(bad, m, new Adam(m.parameters())));
        assertTrue(o.getMessage().contains("metadata 'state.0.step' is '4.5'"), o.getMessage());
    }
}
