package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options train() {
        return Options.forCommand("train", "a CNN").set("epochs", "10").set("batch", "64")
                .add("dropout", "0.5", Options.Kind.FRACTION, "dropout probability");
    }

    @Test
    void defaultsHoldWhenNothingIsGiven() {
        Options o = train().parse();
        assertEquals(10, o.epochs());
        assertEquals(64, o.batch());
        assertEquals(0.001f, o.lr());
        assertEquals(42L, o.seed());
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), o.data());
        assertEquals(Path.of("runs/train"), o.out());
        assertEquals(0.5f, o.floatValue("dropout"));
        assertFalse(o.helpRequested());
    }

    @Test
    void bothSpellingsOfAValueAreRead() {
        Options o = train().parse("--epochs", "3", "--lr=0.01", "--device", "OpenCL", "--seed=-7",
                "--out", "/tmp/x", "--dropout", "0.25");
        assertEquals(3, o.epochs());
        assertEquals(0.01f, o.lr());
        assertEquals("opencl", o.device());
        assertEquals(-7L, o.seed());
        assertEquals(Path.of("/tmp/x"), o.out());
        assertEquals(0.25f, o.floatValue("dropout"));
    }

    @Test
    void unknownFlagSuggestsTheNearestOne() {
        UserError e = assertThrows(UserError.class, () -> train().parse("--epoch", "3"));
        assertEquals(UserError.USAGE, e.exitCode());
        assertEquals("unknown flag --epoch; did you mean --epochs?", e.getMessage());
    }

    @Test
    void unknownFlagFarFromAllListsThem() {
        UserError e = assertThrows(UserError.class, () -> train().parse("--colour", "red"));
        assertTrue(e.getMessage().startsWith("unknown flag --colour; the flags are --device, --epochs"), e.getMessage());
    }

    @Test
    void badValuesNameTheFlagAndWhatItExpects() {
        assertEquals("--epochs: bad value 'ten'; expected a whole number of at least 1",
                assertThrows(UserError.class, () -> train().parse("--epochs", "ten")).getMessage());
        assertEquals("--batch: bad value '0'; expected a whole number of at least 1",
                assertThrows(UserError.class, () -> train().parse("--batch", "0")).getMessage());
        assertEquals("--lr: bad value '-1'; expected a number greater than 0",
                assertThrows(UserError.class, () -> train().parse("--lr=-1")).getMessage());
        assertEquals("--dropout: bad value '1'; expected a number from 0 up to (not including) 1",
                assertThrows(UserError.class, () -> train().parse("--dropout", "1")).getMessage());
        assertEquals("--lr: bad value 'NaN'; expected a number greater than 0",
                assertThrows(UserError.class, () -> train().parse("--lr", "NaN")).getMessage());
    }

    @Test
    void aNumberTooLargeIsCalledTooLarge() {
        assertEquals("--epochs: '99999999999' is too large; the most is 2147483647",
                assertThrows(UserError.class, () -> train().parse("--epochs", "99999999999")).getMessage());
        assertEquals("--epochs: '99999999999999999999999' is too large; the most is 2147483647",
                assertThrows(UserError.class, () -> train().parse("--epochs", "99999999999999999999999")).getMessage());
        assertEquals("--seed: '99999999999999999999999' is too large; the most is 9223372036854775807",
                assertThrows(UserError.class, () -> train().parse("--seed", "99999999999999999999999")).getMessage());
        assertEquals(2147483647, train().parse("--epochs", "2147483647").epochs());
    }

    @Test
    void resumeIsUnsetUntilGivenAndOnNanTakesStopOrContinue() {
        Options o = train().parse();
        assertEquals("", o.value("resume"));
        assertFalse(o.given("resume"));
        assertTrue(o.help().contains("--resume DIR") && o.help().contains("(not set)"), o.help());
        assertEquals("--on-nan: bad value 'maybe'; expected stop or continue",
                assertThrows(UserError.class, () -> train().parse("--on-nan", "maybe")).getMessage());
        assertTrue(train().parse("--on-nan", "continue").given("on-nan"));
        assertEquals(java.util.List.of("device", "epochs", "batch", "lr", "seed", "data", "on-nan", "dropout"),
                java.util.List.copyOf(o.settings().keySet()), "what a checkpoint records: not where it is, nor where from");
        assertEquals("/usr/share/datasets/fashion-mnist", o.settings().get("data"));
    }

    @Test
    void unknownDeviceIsAUsageError() {
        UserError e = assertThrows(UserError.class, () -> train().parse("--device", "gpu"));
        assertEquals("--device: unknown device 'gpu'; expected one of java, opencl, cuda, auto", e.getMessage());
        assertEquals(UserError.USAGE, e.exitCode());
    }

    @Test
    void aFlagWithoutItsValueIsAnError() {
        assertEquals("--epochs needs a value: a whole number of at least 1",
                assertThrows(UserError.class, () -> train().parse("--epochs")).getMessage());
        assertEquals("--epochs needs a value: a whole number of at least 1",
                assertThrows(UserError.class, () -> train().parse("--epochs", "--lr", "1")).getMessage());
    }

    @Test
    void strayArgumentsAreRejected() {
        UserError e = assertThrows(UserError.class, () -> train().parse("10"));
        assertEquals("unexpected argument '10': flags look like --epochs 3", e.getMessage());
    }

    @Test
    void helpIsNotAnError() {
        Options o = train().parse("--epochs", "2", "--help");
        assertTrue(o.helpRequested());
        String help = o.help();
        assertTrue(help.startsWith("Usage: ./dendrite train [flags]"), help);
        assertTrue(help.contains("--epochs N"), help);
        assertTrue(help.contains("(default 2)"), help);
        assertTrue(help.contains("--dropout P"), help);
    }

    @Test
    void removedFlagsAreUnknown() {
        Options o = Options.forCommand("xor", "xor").remove("data");
        assertThrows(UserError.class, () -> o.parse("--data", "/tmp"));
        assertFalse(o.help().contains("--data"));
    }

    @Test
    void aSwitchIsOnAloneAndTakesAnExplicitTrueOrFalse() {
        Options o = Options.forCommand("gpt", "gpt").add("tie", "false", Options.Kind.SWITCH, "tie");
        assertFalse(o.parse().isOn("tie"));
        assertTrue(Options.forCommand("gpt", "gpt").add("tie", "false", Options.Kind.SWITCH, "tie")
                .parse("--tie", "--epochs", "2").isOn("tie"));
        assertFalse(Options.forCommand("gpt", "gpt").add("tie", "true", Options.Kind.SWITCH, "tie").parse("--tie=false").isOn("tie"));
        assertFalse(Options.forCommand("gpt", "gpt").add("tie", "true", Options.Kind.SWITCH, "tie").parse("--tie", "false").isOn("tie"));
        assertEquals("--tie: bad value 'yes'; expected true or false", assertThrows(UserError.class,
                () -> Options.forCommand("gpt", "gpt").add("tie", "false", Options.Kind.SWITCH, "tie").parse("--tie=yes")).getMessage());
        assertTrue(o.help().contains("\n  --tie                  tie (default false)\n"), "no value after a switch: " + o.help());
    }

    @Test
    void editDistanceCountsSingleEdits() {
        assertEquals(0, Options.editDistance("lr", "lr"));
        assertEquals(1, Options.editDistance("epoch", "epochs"));
        assertEquals(2, Options.editDistance("bacht", "batch"));
        assertEquals(3, Options.editDistance("", "abc"));
    }
}
