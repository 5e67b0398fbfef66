package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.io.HostArray;
import dev.dendrite.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run end to end on tiny data: --out checked first, --resume, a NaN loss. */
class CliRunTest extends ConsoleCapture {
    @TempDir Path dir;
    private Path data;

    @BeforeEach
    void writeData() throws IOException {
        data = TinyFashion.write(dir.resolve("data"), 256, 64);
    }

    /** The model's tensors of a checkpoint (not the optimizer's, not the metadata with its timings). */
    static Map<String, HostArray> tensors(Path file) throws IOException {
        return SafeTensors.read(file).tensors();
    }

    @Test
    void anUnwritableOutStopsBeforeTrainingWithOneLine() throws IOException {
        Path file = Files.write(dir.resolve("a-file"), new byte[] {1});
        for (String example : new String[] {"mlp", "lstm"}) {
            String[] args = example.equals("mlp")
                    ? new String[] {"mlp", "--data", data.toString(), "--out", file.resolve("sub").toString()}
                    : new String[] {"lstm", "--text", writeText().toString(), "--out", file.resolve("sub").toString()};
            assertEquals(UserError.USAGE, run(args), err());
            assertTrue(err().startsWith("dendrite " + example + ": --out " + file.resolve("sub") + ": "), err());
            assertTrue(err().trim().endsWith("choose another --out"), err());
            assertEquals(1, err().lines().count(), "one line, no trace: " + err());
            assertFalse(out().contains("epoch") || out().contains("step"), "nothing trained: " + out());
        }
    }

    private Path writeText() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) sb.append("LOVE, n.  A temporary insanity curable by marriage. ");
        return Files.writeString(dir.resolve("text.txt"), sb);
    }

    @Test
    void resumingContinuesBitForBitWithTheRunsOwnSettings() throws IOException {
        // mlp keeps its learning rate constant, so its first epoch is the same in a 1- and a 2-epoch run:
        // "--epochs 1, then --resume --epochs 2" is a run stopped after epoch 1 (KillAndResumeTest kills one).
        String[] common = {"--data", data.toString(), "--batch", "32", "--lr", "0.003", "--seed", "5"};
        Path part = dir.resolve("part"), straight = dir.resolve("straight");
        assertEquals(0, run(TinyFashion.concat(new String[] {"mlp", "--epochs", "1", "--out", part.toString()}, common)), err());
        assertEquals(0, run("mlp", "--resume", part.toString(), "--epochs", "2"), err());
        assertTrue(out().startsWith("continuing " + part.resolve("last.safetensors") + " (1 epoch(s) done) with its settings: "),
                out());
        assertTrue(out().contains("batch=32") && out().contains("lr=0.003") && out().contains("seed=5")
                && out().contains("data=" + data.toAbsolutePath()), out());
        assertEquals(0, run(TinyFashion.concat(new String[] {"mlp", "--epochs", "2", "--out", straight.toString()}, common)), err());
        assertSameTensors(straight.resolve("last.safetensors"), part.resolve("last.safetensors"));
        assertEquals("2", SafeTensors.readMetadata(part.resolve("last.safetensors")).get("epochs_done"));
    }

    @Test
    void theLstmsHandWrittenLoopResumesBitForBitToo() throws IOException {
        String[] common = {"--text", writeText().toString(), "--hidden", "16", "--seq", "8", "--batch", "4", "--sample-every", "1000"};
        Path part = dir.resolve("lstm-part"), straight = dir.resolve("lstm-straight");
        assertEquals(0, run(TinyFashion.concat(new String[] {"lstm", "--epochs", "1", "--out", part.toString()}, common)), err());
        assertEquals(0, run("lstm", "--resume", part.toString(), "--epochs", "2"), err());
        assertTrue(out().contains("resumed from " + part.resolve("last.safetensors") + " after step 97"), out());
        assertEquals(0, run(TinyFashion.concat(new String[] {"lstm", "--epochs", "2", "--out", straight.toString()}, common)), err());
        assertSameTensors(straight.resolve("last.safetensors"), part.resolve("last.safetensors"));
    }

    @Test
    void aResumeThatContradictsTheRunIsRefused() {
        Path part = dir.resolve("part");
        assertEquals(0, run("mlp", "--epochs", "1", "--batch", "32", "--data", data.toString(), "--out", part.toString()), err());
        assertEquals(UserError.USAGE, run("mlp", "--resume", part.toString(), "--batch", "64"));
        assertTrue(err().startsWith("dendrite mlp: --batch 64 contradicts the run being resumed, which has batch=32"), err());
        assertEquals(UserError.ENVIRONMENT, run("mlp", "--resume", dir.resolve("nothing").toString()));
        assertTrue(err().startsWith("dendrite mlp: --resume " + dir.resolve("nothing") + ": no such file or directory"), err());
    }

    @Test
    void aDivergingRunStopsWithTheStepAndAdvice() {
        assertEquals(1, run("mlp", "--lr", "1e30", "--epochs", "2", "--data", data.toString(), "--out", dir.resolve("nan").toString()));
        assertTrue(err().matches("dendrite mlp: the loss is (NaN|Infinity|-Infinity) at step \\d+ \\(epoch 1, batch \\d+ of 4\\)"
                + " with learning rate 1\\.0E30: the weights have diverged\\. Try a smaller --lr .*--on-nan continue trains on regardless\\n"),
                err());
        assertEquals(0, run("mlp", "--lr", "1e30", "--epochs", "1", "--on-nan", "continue", "--data", data.toString(),
                "--out", dir.resolve("nan2").toString()), err());
        assertTrue(out().contains("warning: the loss is"), out());
    }

    static void assertSameTensors(Path expected, Path actual) throws IOException {
        Map<String, HostArray> a = tensors(expected), b = tensors(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) assertTrue(a.get(name).sameAs(b.get(name)), name + " differs");
    }
}
