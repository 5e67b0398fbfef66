package dev.dendrite.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks --out before any work starts. A run that trains for minutes and only then finds that it
 * cannot write its checkpoint has lost those minutes; a test write at the start costs nothing.
 */
public final class OutputDir {
    private OutputDir() {}

    /**
     * Creates {@code dir} if needed and writes (and deletes) a small file in it.
     *
     * @throws UserError (usage, one line) when the directory cannot be made or written
     */
    public static void check(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".dendrite-write-test", ".tmp");
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            throw UserError.badPath("--out " + dir + ": " + e.getFile() + " exists and is not a directory; choose another --out", e);
        } catch (AccessDeniedException e) {
            throw UserError.badPath("--out " + dir + ": no permission to write " + e.getFile() + "; choose another --out", e);
        } catch (IOException | SecurityException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            throw UserError.badPath("--out " + dir + ": cannot write there (" + why + "); choose another --out", e);
        }
    }
}
