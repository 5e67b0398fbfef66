package dev.dendrite.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old contents or the complete new contents, never
 * half a file: the bytes go to a temporary file in the same directory, are forced to disk, and
 * the temporary file is then renamed over the target in one atomic step. A crash mid-write
 * (killed training run, full disk) leaves the previous checkpoint intact.
 *
 * <p>The temporary file is named {@code .NAME.RANDOM.tmp}. A process killed mid-write leaves it
 * behind; {@link #removeLeftovers} deletes such files when the next run starts.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes the new contents; the stream is buffered by the caller if it needs to be. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // Same directory as the target: a rename within one file system can be atomic.
        Path temp = null;
        boolean moved = false;
        try {
            FileChannel channel = null;
            while (channel == null) {
                temp = dir.resolve(tempPrefix(absolute) + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    // Not Files.createTempFile: its files are private (0600), and the rename would
                    // hand that mode to the checkpoint. A plain create gets the umask's mode (0644).
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    // another writer drew the same name: draw again
                }
            }
            try (FileChannel c = channel) {
                OutputStream out = Channels.newOutputStream(c);
                writer.writeTo(out);
                out.flush();
                c.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (certain network mounts) cannot rename atomically; a plain
                // replacing move is the best that they offer.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved && temp != null) Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code bytes} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with a copy of {@code source}, atomically. */
    public static void copy(Path source, Path target) throws IOException {
        write(target, out -> Files.copy(source, out));
    }

    /**
     * Deletes the temporary files that writes of {@code target} left behind when their process was
     * killed. Call it only when no other process is writing {@code target}. Returns how many it deleted.
     */
    public static int removeLeftovers(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        String prefix = tempPrefix(absolute);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp") && Files.deleteIfExists(p)) removed++;
            }
        }
        return removed;
    }

    private static String tempPrefix(Path absolute) {
        return "." + absolute.getFileName() + ".";
    }
}
