package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void aWrittenFileGetsTheUsualModeNotAPrivateOne() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.write(dir.resolve("plain"), new byte[] {1}); // the mode the umask gives any new file
        Path atomic = dir.resolve("last.safetensors");
        AtomicFiles.write(atomic, new byte[] {1});
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        // Under the common umask 022 both are rw-r--r--; Files.createTempFile would have given rw-------.
        assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)));
    }

    @Test
    void leftoversOfKilledWritesAreRemovedAndNothingElse() throws IOException {
        Path target = dir.resolve("last.safetensors");
        AtomicFiles.write(target, new byte[] {7});
        Path orphan1 = Files.write(dir.resolve(".last.safetensors.k2j3h4.tmp"), new byte[10]);
        Path orphan2 = Files.write(dir.resolve(".last.safetensors.zz.tmp"), new byte[10]);
        Path otherTarget = Files.write(dir.resolve(".best.safetensors.k2j3h4.tmp"), new byte[10]);
        Path notOurs = Files.write(dir.resolve("last.safetensors.tmp"), new byte[10]);
        assertEquals(2, AtomicFiles.removeLeftovers(target));
        assertFalse(Files.exists(orphan1) || Files.exists(orphan2));
        assertTrue(Files.exists(otherTarget) && Files.exists(notOurs) && Files.exists(target));
        assertEquals(0, AtomicFiles.removeLeftovers(dir.resolve("missing/last.safetensors")), "no directory, nothing to do");
    }

    @Test
    void copyReplacesTheTargetWholly() throws IOException {
        Path a = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        Path b = Files.write(dir.resolve("b"), new byte[] {9, 9, 9, 9, 9});
        AtomicFiles.copy(a, b);
        assertEquals(3, Files.size(b));
    }
}
