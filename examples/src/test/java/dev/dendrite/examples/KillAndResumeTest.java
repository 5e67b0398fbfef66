package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.io.SafeTensors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code train} in a JVM of its own, killed (SIGKILL) once its first checkpoint is
 * on disk, then {@code --resume} in this one. The continued run must end exactly where an
 * uninterrupted one ends, learning-rate schedule, shuffling and dropout masks included.
 */
class KillAndResumeTest {
    @TempDir Path dir;

    @Test
    void aKilledTrainRunResumesToTheSameWeights() throws Exception {
        Path data = TinyFashion.write(dir.resolve("data"), 640, 64);
        String[] flags = {"--epochs", "3", "--batch", "32", "--seed", "3", "--data", data.toString()};
        Path killed = dir.resolve("killed"), straight = dir.resolve("straight");

        Path last = killed.resolve("last.safetensors");
        int done = killAtFirstCheckpoint(last, TinyFashion.concat(new String[] {"train", "--out", killed.toString()}, flags));
        assertTrue(done < 3, "killed before the run ended (it had done " + done + " epochs)");

        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // two runs' progress: not for the test log
        try {
            assertEquals(0, Main.run("train", "--resume", killed.toString()));
            assertEquals(0, Main.run(TinyFashion.concat(new String[] {"train", "--out", straight.toString()}, flags)));
        } finally {
            System.setOut(stdout);
        }
        CliRunTest.assertSameTensors(straight.resolve("last.safetensors"), last);
        CliRunTest.assertSameTensors(straight.resolve("best.safetensors"), killed.resolve("best.safetensors"));
    }

    /**
     * Runs {@code Main} with {@code args} in a JVM of its own and kills it (SIGKILL) as soon as
     * {@code last} is on disk; returns the epochs that checkpoint holds.
     */
    static int killAtFirstCheckpoint(Path last, String... args) throws Exception {
        Process p = startMain(args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(last) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        boolean alive = p.isAlive();
        p.destroyForcibly().waitFor(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
        assertTrue(alive && Files.exists(last), "the run ended (exit " + p.exitValue() + ") or wrote nothing in 2 minutes");
        return Integer.parseInt(SafeTensors.readMetadata(last).get("epochs_done"));
    }

    /** {@code Main} with {@code args} in a new JVM with this one's class path and Vector API setting, output discarded. */
    private static Process startMain(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < jvm.size(); i++) { // the same arithmetic path as this JVM: Vector API or not
            if (jvm.get(i).startsWith("--add-modules=")) cmd.add(jvm.get(i));
            if (jvm.get(i).equals("--add-modules") && i + 1 < jvm.size()) cmd.addAll(jvm.subList(i, i + 2));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
