package dev.dendrite.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.io.FileFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    /** An IDX file built byte by byte, as the format describes it. */
    static byte[] idx(int typeCode, int[] shape, byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * shape.length + data.length); // big-endian by default
        buf.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) shape.length);
        for (int d : shape) buf.putInt(d);
        buf.put(data);
        return buf.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37);
        return b;
    }

    @Test
    void readsRawAndGzippedUnsignedBytes() throws IOException {
        byte[] pixels = ramp(2 * 3 * 4);
        byte[] file = idx(0x08, new int[] {2, 3, 4}, pixels);
        Path raw = dir.resolve("images-idx3-ubyte");
        Path gz = dir.resolve("images-idx3-ubyte.bin"); // the name does not matter, the magic bytes do
        Files.write(raw, file);
        Files.write(gz, gzip(file));
        for (Path p : new Path[] {raw, gz}) {
            IdxArray a = Idx.read(p);
            assertEquals(IdxArray.Type.UBYTE, a.type());
            assertArrayEquals(new int[] {2, 3, 4}, a.shape());
            assertArrayEquals(pixels, a.unsignedBytes());
            assertEquals(pixels[5] & 0xFF, (int) a.toFloats()[5]);
            assertEquals(pixels[23] & 0xFF, a.toInts()[23]);
        }
    }

    @Test
    void decodesBigEndianIntsAndFloats() throws IOException {
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-5).putInt(1 << 20);
        Path pi = dir.resolve("ints");
        Files.write(pi, idx(0x0C, new int[] {2}, ints.array()));
        assertArrayEquals(new int[] {-5, 1 << 20}, Idx.read(pi).toInts());
        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f);
        Path pf = dir.resolve("floats");
        Files.write(pf, idx(0x0D, new int[] {1, 2}, floats.array()));
        assertArrayEquals(new float[] {1.5f, -2f}, Idx.read(pf).toFloats());
        assertThrows(IllegalStateException.class, () -> Idx.read(pf).toInts());
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        Path p = dir.resolve("not-idx.bin");
        Files.write(p, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("not an IDX file"), e.getMessage());
        Files.write(p, idx(0x07, new int[] {1}, new byte[1])); // unknown type code
        assertThrows(FileFormatException.class, () -> Idx.read(p));
    }

    @Test
    void truncatedFilesNameTheFileAndTheShortfall() throws IOException {
        byte[] file = idx(0x08, new int[] {10, 28, 28}, ramp(10 * 28 * 28));
        Path raw = dir.resolve("cut-idx3-ubyte");
        Files.write(raw, Arrays.copyOf(file, file.length - 100));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.read(raw));
        assertTrue(e.getMessage().contains(raw.toString()) && e.getMessage().contains("truncated")
                && e.getMessage().contains("needs 7840 data bytes but the file holds 7740"), e.getMessage());

        byte[] gz = gzip(file);
        Path cutGz = dir.resolve("cut-idx3-ubyte.gz");
        Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
        FileFormatException e2 = assertThrows(FileFormatException.class, () -> Idx.read(cutGz));
        assertTrue(e2.getMessage().contains(cutGz.toString()) && e2.getMessage().contains("truncated"), e2.getMessage());

        Path header = dir.resolve("header-only");
        Files.write(header, Arrays.copyOf(file, 6));
        assertThrows(FileFormatException.class, () -> Idx.read(header));
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThrows(FileFormatException.class, () -> Idx.read(empty));
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] file = idx(0x08, new int[] {2}, new byte[] {1, 2});
        Path p = dir.resolve("long");
        Files.write(p, Arrays.copyOf(file, file.length + 3));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().contains("extra bytes"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Idx.read(p));
        assertTrue(e.getMessage().contains(p.toString()));
    }
}
