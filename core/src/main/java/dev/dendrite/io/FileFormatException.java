package dev.dendrite.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file exists but its contents are not what its format promises: a wrong magic number, a
 * truncated body, a header that does not parse, a tensor whose size disagrees with its shape.
 * The message always names the file, and the tensor when there is one.
 */
public class FileFormatException extends IOException {
    private final transient Path file;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that was being read. */
    public Path file() { return file; }
}
