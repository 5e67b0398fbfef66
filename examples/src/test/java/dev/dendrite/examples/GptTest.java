package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./dendrite gpt} end to end on a tiny model and a short text: it learns, it reports, it resumes. */
class GptTest extends ConsoleCapture {
    @TempDir Path dir;

    /** A tiny GPT: one block of width 16 over windows of 16 characters. */
    private String[] tiny(Path text, Path out, String... more) {
        return TinyFashion.concat(new String[] {"gpt", "--text", text.toString(), "--out", out.toString(), "--context", "16",
                "--width", "16", "--layers", "1", "--heads", "2", "--batch", "8", "--warmup", "5", "--lr", "0.01",
                "--sample", "40", "--seed", "7"}, more);
    }

    private Path writeText() throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] entries = {"LOVE, n.  A temporary insanity curable by marriage.\n\n",
                            "BORE, n.  A person who talks when you wish him to listen.\n\n",
                            "CYNIC, n.  A blackguard whose faulty vision sees things as they are.\n\n"};
        for (int i = 0; i < 60; i++) sb.append(entries[i % 3]);
        return Files.writeString(dir.resolve("text.txt"), sb);
    }

    @Test
    void aTinyGptLearnsAndEndsWithTheLossLine() throws IOException {
        assertEquals(0, run(tiny(writeText(), dir.resolve("run"), "--epochs", "4")), err());
        List<String> lines = out().lines().toList();
        Matcher last = Pattern.compile("val_loss=(\\d+\\.\\d{4}) unigram_loss=(\\d+\\.\\d{4})").matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), "the last line: " + lines.get(lines.size() - 1));
        double val = Double.parseDouble(last.group(1)), unigram = Double.parseDouble(last.group(2));
        assertTrue(val < 0.6 * unigram, "a text this repetitive is learnt well: " + out());
        assertTrue(trainLoss(lines, 4) < trainLoss(lines, 1) - 0.5, "the training loss falls: " + out());
        assertTrue(out().contains("sample (temperature 0.8, seed 7):\nLOVE, n.  "), out());
        assertTrue(Files.exists(dir.resolve("run").resolve("gpt.safetensors")), "the weights are written");
    }

    /** The training loss of an epoch's summary line "epoch E/N  S.Ss  loss X ...". */
    private static double trainLoss(List<String> lines, int epoch) {
        Pattern p = Pattern.compile("epoch " + epoch + "/\\d+ +[\\d.]+s +loss ([\\d.]+).*");
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.matches()) return Double.parseDouble(m.group(1));
        }
        throw new AssertionError("no summary line for epoch " + epoch + " in " + lines);
    }

    @Test
    void aKilledRunResumesToTheSameWeights() throws Exception {
        Path text = writeText(), killed = dir.resolve("killed"), straight = dir.resolve("straight");
        int done = KillAndResumeTest.killAtFirstCheckpoint(killed.resolve("last.safetensors"), tiny(text, killed, "--epochs", "12"));
        assertTrue(done < 12, "killed before the run ended (it had done " + done + " epochs)");
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // two runs' progress: not for the test log
        try {
            assertEquals(0, Main.run("gpt", "--resume", killed.toString()), err());
            assertEquals(0, Main.run(tiny(text, straight, "--epochs", "12")), err());
        } finally {
            System.setOut(stdout);
        }
        CliRunTest.assertSameTensors(straight.resolve("last.safetensors"), killed.resolve("last.safetensors"));
    }

    @Test
    void aMissingTextIsOneLine() {
        Path none = dir.resolve("none.txt");
        assertEquals(UserError.ENVIRONMENT, run("gpt", "--text", none.toString(), "--out", dir.toString()));
        assertEquals("dendrite gpt: text file " + none + " does not exist\n", err());
    }

    @Test
    void headsMustDivideTheWidth() throws IOException {
        assertEquals(UserError.USAGE, run(tiny(writeText(), dir.resolve("run"), "--heads", "3")));
        assertTrue(err().startsWith("dendrite gpt: --heads 3 must divide --width 16\n"), err());
    }
}
