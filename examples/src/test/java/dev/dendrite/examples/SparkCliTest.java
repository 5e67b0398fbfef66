package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./dendrite train --spark: a bad master is one line; local[2] trains on tiny data end to end. */
class SparkCliTest extends ConsoleCapture {
    @TempDir Path dir;

    @Test
    void aBadMasterIsOneLineBeforeAnyWork() throws IOException {
        Path data = TinyFashion.write(dir.resolve("data"), 64, 16);
        assertEquals(UserError.USAGE, run("train", "--spark", "local[two]", "--data", data.toString()), err());
        assertTrue(err().startsWith("dendrite train: --spark: bad Spark master 'local[two]'"), err());
        assertTrue(err().contains("spark://host:port"), "names the accepted forms: " + err());
        assertFalse(out().contains("epoch"), out());
    }

    @Test
    void anotherDeviceThanJavaIsRefused() throws IOException {
        Path data = TinyFashion.write(dir.resolve("data"), 64, 16);
        assertEquals(UserError.USAGE, run("train", "--spark", "local[2]", "--device", "opencl", "--data", data.toString()), err());
        assertTrue(err().contains("--spark trains on each worker's java device"), err());
    }

    @Test
    void localTwoTrainsTheCnnAndReportsTheExchange() throws IOException {
        Path data = TinyFashion.write(dir.resolve("data"), 256, 64);
        Path out = dir.resolve("out");
        assertEquals(0, run("train", "--spark", "local[2]", "--data", data.toString(), "--epochs", "1", "--batch", "32",
                "--average-every", "2", "--out", out.toString()), err());
        String o = out();
        assertTrue(o.contains("2 partitions"), o);
        // 128 rows per partition, 32 per batch: 4 steps, 2 per round.
        assertTrue(o.contains("epoch 1/1: ") && o.contains("2 rounds x ("), o);
        assertTrue(o.contains("time per epoch: "), o);
        // The CNN's 225,034 weights and Adam's two moments, 4 bytes each: 2.70 MB down, twice that up.
        assertTrue(o.contains("exchanged per round: 5.40 MB up (all 2 partitions to the driver), 2.70 MB down"), o);
        assertTrue(o.lines().reduce((a, b) -> b).orElse("").startsWith("test_accuracy="), o);
        assertTrue(Files.exists(out.resolve("last.safetensors")));
    }
}
