package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: exit codes and one-line messages, no stack traces. */
class MainTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream oldOut, oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, Main.run("help"));
        for (String c : new String[] {"train", "mlp", "autoencoder", "lstm", "xor"}) assertTrue(out().contains("  " + c + " "), out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(UserError.USAGE, Main.run("trian"));
        assertTrue(err().startsWith("dendrite: unknown command 'trian'; the commands are train, mlp"), err());
    }

    @Test
    void badFlagGivesOneLineAndNoTrace() {
        assertEquals(UserError.USAGE, Main.run("train", "--epochs", "many"));
        assertEquals("dendrite train: --epochs: bad value 'many'; expected a whole number of at least 1\n"
                + "Run './dendrite train --help' for its flags.\n", err());
    }

    @Test
    void missingDataSaysWhatToInstall() {
        assertEquals(UserError.ENVIRONMENT, Main.run("mlp", "--data", dir.resolve("none").toString(), "--out", dir.toString()));
        String e = err();
        assertTrue(e.startsWith("dendrite mlp: Fashion-MNIST not found"), e);
        assertTrue(e.contains("apt-get install dataset-fashion-mnist") && e.contains("--data DIR"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void missingTextIsAnEnvironmentError() {
        assertEquals(UserError.ENVIRONMENT, Main.run("lstm", "--text", dir.resolve("none.txt").toString()));
        assertEquals("dendrite lstm: text file " + dir.resolve("none.txt") + " does not exist\n", err());
    }

    @Test
    void commandHelpShowsTheDefaults() {
        assertEquals(0, Main.run("train", "--help"));
        assertTrue(out().contains("--epochs N") && out().contains("(default 10)"), out());
    }

    @Test
    void xorLearnsXor() {
        assertEquals(0, Main.run("xor", "--device", "java", "--epochs", "300", "--out", dir.toString()), err());
        assertTrue(out().contains("accuracy=1.00"), out());
    }
}
