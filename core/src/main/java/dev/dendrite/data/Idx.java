package dev.dendrite.data;

import dev.dendrite.io.FileFormatException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST:
 * <pre>
 *   bytes 0-1   0x00 0x00
 *   byte  2     element type: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double
 *   byte  3     number of dimensions d
 *   d x 4 bytes each dimension's size, big-endian
 *   rest        the elements, row-major, big-endian
 * </pre>
 * The file may be gzip-compressed (as the data sets ship); that is detected from gzip's own magic
 * bytes (0x1f 0x8b), not from the file name.
 */
public final class Idx {
    private Idx() {}

    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return read(file, new DataInputStream(in), gzip);
        } catch (ZipException e) {
            throw new FileFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static IdxArray read(Path file, DataInputStream in, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new FileFormatException(file, "truncated: too short to hold the 4-byte IDX magic number");
        }
        IdxArray.Type type = IdxArray.Type.of(magic[2] & 0xFF);
        int rank = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || type == null || rank == 0) {
            throw new FileFormatException(file, String.format(
                    "not an IDX file: magic number 0x%02x%02x%02x%02x, expected 0x0000TTDD"
                            + " (TT an element type 08/09/0B/0C/0D/0E, DD the number of dimensions)%s",
                    magic[0], magic[1], magic[2], magic[3], gzip ? " after gunzip" : ""));
        }
        int[] shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++) {
            try {
                shape[d] = in.readInt();
            } catch (EOFException e) {
                throw new FileFormatException(file, "truncated: header ends before dimension " + d + " of " + rank);
            }
            if (shape[d] < 0) throw new FileFormatException(file, "corrupt header: dimension " + d + " is " + shape[d]);
            numel *= shape[d];
        }
        long bytes = numel * type.size;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(file, "shape " + Arrays.toString(shape) + " of " + type + " is too large ("
                    + bytes + " bytes) for one array");
        }
        byte[] data = new byte[(int) bytes];
        int got = readAll(in, data, file);
        if (got < data.length) {
            throw new FileFormatException(file, "truncated: shape " + Arrays.toString(shape) + " of " + type
                    + " needs " + data.length + " data bytes but the file holds " + got);
        }
        if (in.read() != -1) {
            throw new FileFormatException(file, "corrupt: extra bytes after the " + data.length + " data bytes that shape "
                    + Arrays.toString(shape) + " needs");
        }
        return new IdxArray(file, type, shape, data);
    }

    /** Reads until {@code data} is full or the stream ends; a gzip stream cut short counts as its end. */
    private static int readAll(InputStream in, byte[] data, Path file) throws IOException {
        int got = 0;
        try {
            while (got < data.length) {
                int n = in.read(data, got, data.length - got);
                if (n < 0) break;
                got += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a compressed stream cut mid-block this way.
            return got;
        }
        return got;
    }
}
