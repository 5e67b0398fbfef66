package dev.dendrite.opencl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Oclgrind wrote to its log ({@code OCLGRIND_LOG}) since the last look. Every line it writes
 * is a diagnostic (a race, an uninitialised value, an access out of bounds, an API misuse), so
 * anything new after a case fails that case.
 */
final class OclgrindLog {
    private static long seen;

    private OclgrindLog() {}

    /**
     * The text written since the last call, or "" when nothing was. Waits for the device's queue
     * first, so every kernel enqueued so far has run and said what it had to say.
     */
    static synchronized String drain(OpenClDevice device) {
        device.synchronize();
        Path log = Path.of(System.getenv("OCLGRIND_LOG"));
        if (!Files.exists(log)) return "";
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length < seen) seen = 0;                 // the simulator started the file anew
            byte[] fresh = new byte[(int) (length - seen)];
            file.seek(seen);
            file.readFully(fresh);
            seen = length;
            return new String(fresh, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Oclgrind's log " + log, e);
        }
    }
}
