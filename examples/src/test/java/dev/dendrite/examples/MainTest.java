package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: exit codes and one-line messages, no stack traces. */
class MainTest extends ConsoleCapture {
    @TempDir Path dir;

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("help"));
        for (String c : new String[] {"train", "mlp", "autoencoder", "lstm", "gpt", "xor"}) assertTrue(out().contains("  " + c + " "), out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(UserError.USAGE, run("trian"));
        assertTrue(err().startsWith("dendrite: unknown command 'trian'; the commands are train, mlp"), err());
    }

    @Test
    void badFlagGivesOneLineAndNoTrace() {
        assertEquals(UserError.USAGE, run("train", "--epochs", "many"));
        assertEquals("dendrite train: --epochs: bad value 'many'; expected a whole number of at least 1\n"
                + "Run './dendrite train --help' for its flags.\n", err());
    }

    @Test
    void aHugeEpochCountIsTooLargeNotTooSmall() {
        assertEquals(UserError.USAGE, run("train", "--epochs", "99999999999"));
        assertEquals("dendrite train: --epochs: '99999999999' is too large; the most is 2147483647\n"
                + "Run './dendrite train --help' for its flags.\n", err());
    }

    @Test
    void missingDataSaysWhatToInstall() {
        assertEquals(UserError.ENVIRONMENT, run("mlp", "--data", dir.resolve("none").toString(), "--out", dir.toString()));
        String e = err();
        assertTrue(e.startsWith("dendrite mlp: Fashion-MNIST not found"), e);
        assertTrue(e.contains("apt-get install dataset-fashion-mnist") && e.contains("--data DIR"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void missingTextIsAnEnvironmentError() {
        assertEquals(UserError.ENVIRONMENT, run("lstm", "--text", dir.resolve("none.txt").toString(), "--out", dir.toString()));
        assertEquals("dendrite lstm: text file " + dir.resolve("none.txt") + " does not exist\n", err());
    }

    @Test
    void commandHelpShowsTheDefaults() {
        assertEquals(0, run("train", "--help"));
        assertTrue(out().contains("--epochs N") && out().contains("(default 10)"), out());
    }

    @Test
    void xorLearnsXor() {
        assertEquals(0, run("xor", "--device", "java", "--epochs", "300"), err());
        assertTrue(out().contains("accuracy=1.00"), out());
    }
}
