package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's installing, run without root or network: ./dendrite is sourced (which defines
 * its functions and runs nothing), and stand-ins for {@code id} and {@code apt-get} on the PATH
 * play a root user on Debian whose apt works, or fails.
 */
class LauncherTest {
    static final Path LAUNCHER = Path.of("..", "dendrite").toAbsolutePath().normalize(); // tests run in examples/

    @TempDir Path dir;
    private Path aptLog;

    @BeforeEach
    void stubs() throws IOException {
        aptLog = dir.resolve("apt.log");
        script("id", "echo \"${FAKE_UID:-0}\"");
        // Logs its arguments; with APT_FAIL set, "install" fails the way apt does for an unknown package.
        script("apt-get", """
                echo "apt-get $*" >> "$APT_LOG"
                for last; do :; done
                if [ "$1" = install ] && [ -n "$APT_FAIL" ]; then
                  echo "Reading package lists..."
                  echo "E: Unable to locate package $last" >&2
                  exit 100
                fi
                echo "Setting up $last ..."
                """);
    }

    private void script(String name, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path f = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int code, String output) {}

    /** Runs {@code commands} in bash after sourcing the launcher; FAKE_UID and APT_FAIL as given. */
    private Result bash(String commands, String uid, boolean aptFails) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$LAUNCHER\"\n" + commands).redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("LAUNCHER", LAUNCHER.toString());
        pb.environment().put("APT_LOG", aptLog.toString());
        pb.environment().put("FAKE_UID", uid);
        if (aptFails) pb.environment().put("APT_FAIL", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private String aptCalls() throws IOException {
        return Files.exists(aptLog) ? Files.readString(aptLog) : "";
    }

    @Test
    void asRootItSaysWhatItInstallsThenInstallsEverythingAtOnce() throws Exception {
        Result r = bash("""
                FASHION_DIR=/nonexistent DEVIL_FILE=/nonexistent
                check_fashion_mnist --epochs 1
                check_devil
                check_devil --text my.txt
                install_needed
                echo installed
                """, "0", false);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().startsWith("dendrite: installing from Debian: dataset-fashion-mnist (Fashion-MNIST in /nonexistent),"
                + " dict-devil (The Devil's Dictionary, the text of the lstm and gpt examples) ...\n"), r.output());
        assertTrue(r.output().endsWith("installed\n"), "apt's chatter is not shown when it works: " + r.output());
        assertEquals("apt-get install -y -q --no-install-recommends dataset-fashion-mnist dict-devil\n", aptCalls());
    }

    @Test
    void whenAptFailsItsOwnErrorIsShown() throws Exception {
        Result r = bash("need dict-devil \"The Devil's Dictionary\"\ninstall_needed\necho not-reached", "0", true);
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("  | E: Unable to locate package dict-devil\n"), r.output());
        assertTrue(r.output().endsWith("dendrite: could not install dict-devil (apt-get's reason above)\n"), r.output());
        assertEquals("apt-get install -y -q --no-install-recommends dict-devil\napt-get update -q\n"
                + "apt-get install -y -q --no-install-recommends dict-devil\n", aptCalls(), "retried after updating the lists");
    }

    @Test
    void withoutRootItPrintsTheCommandAndTheWayAround() throws Exception {
        Result r = bash("FASHION_DIR=/nonexistent\ncheck_fashion_mnist\ninstall_needed", "1000", false);
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().startsWith("dendrite: missing: dataset-fashion-mnist (Fashion-MNIST in /nonexistent). Install with:\n"
                + "    sudo apt-get install dataset-fashion-mnist\nor pass --data DIR"), r.output());
        assertFalse(r.output().contains("installing"), r.output());
        assertEquals("", aptCalls());
    }

    @Test
    void nothingMissingMeansNoApt() throws Exception {
        Result r = bash("FASHION_DIR=/nonexistent\ncheck_fashion_mnist --data /somewhere\ninstall_needed\necho ok", "0", false);
        assertEquals("ok\n", r.output());
        assertEquals("", aptCalls());
    }
}
