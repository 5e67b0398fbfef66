package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    private static Map<String, HostArray> sample() {
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("fc1.weight", HostArray.ofFloats(new float[] {1.5f, -0f, Float.NaN, Float.MIN_VALUE, 3e38f, -7f}, 2, 3));
        t.put("fc1.bias", HostArray.ofFloats(new float[] {0.25f, -0.5f}, 2));
        t.put("bn.num_batches_tracked", HostArray.ofInts(new int[] {42}));
        t.put("step", HostArray.ofInts(new int[] {Integer.MIN_VALUE, -1, 7}, 3));
        t.put("empty", HostArray.ofFloats(new float[0], 0, 4));
        return t;
    }

    @Test
    void roundTripIsBitExactAndKeepsOrderAndMetadata() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Map<String, HostArray> t = sample();
        SafeTensors.write(f, t, Map.of("format", "pt", "epoch", "3"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(c.tensors().keySet()));
        for (String name : t.keySet()) assertTrue(t.get(name).sameAs(c.get(name)), name);
        assertEquals(Map.of("format", "pt", "epoch", "3"), c.metadata());
    }

    @Test
    void layoutFollowsTheFormat() throws IOException {
        Path f = dir.resolve("layout.safetensors");
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("a", HostArray.ofFloats(new float[] {1f, 2f}, 2));
        t.put("b", HostArray.ofInts(new int[] {3}, 1, 1));
        SafeTensors.write(f, t);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}", header.stripTrailing());
        assertEquals(8 + n + 12, bytes.length);
        assertEquals(1f, buf.getFloat((int) (8 + n)));
        assertEquals(2f, buf.getFloat((int) (8 + n + 4)));
        assertEquals(3, buf.getInt((int) (8 + n + 8)));
    }

    @Test
    void truncatedDataIsRejectedNamingTheTensor() throws IOException {
        Path f = dir.resolve("cut.safetensors");
        SafeTensors.write(f, sample());
        byte[] bytes = Files.readAllBytes(f);
        // sample(): ... "step" (12 bytes) is followed by "empty" (0 bytes), so cutting 5 bytes cuts "step".
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 5));
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("'step'"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void truncatedHeaderAndTinyFilesAreRejected() throws IOException {
        Path f = dir.resolve("short.safetensors");
        SafeTensors.write(f, sample());
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, 40));
        assertMessage(f, "truncated: the header is");
        Files.write(f, new byte[] {1, 2, 3});
        assertMessage(f, "too short");
        Files.write(f, new byte[8]);
        assertMessage(f, "header length 0");
    }

    @Test
    void corruptHeaderIsRejected() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        writeRaw(f, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", new byte[4]);
        assertMessage(f, "corrupt header: invalid JSON");
        writeRaw(f, "[1,2]", new byte[0]);
        assertMessage(f, "expected a JSON object");
        writeRaw(f, "{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(f, "tensor 'w': unsupported dtype Q7");
        writeRaw(f, "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(f, "tensor 'w': bad shape");
        writeRaw(f, "{\"__metadata__\":{\"k\":1}}", new byte[0]);
        assertMessage(f, "metadata 'k' is not a string");
    }

    @Test
    void sizesThatDisagreeWithShapesAreRejectedNamingTheTensor() throws IOException {
        Path f = dir.resolve("mis.safetensors");
        writeRaw(f, "{\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        assertMessage(f, "tensor 'conv.weight': shape [2, 2] of F32 needs 16 bytes but data_offsets [0, 12] span 12");
    }

    @Test
    void gapsOverlapsAndStrayBytesAreRejected() throws IOException {
        Path f = dir.resolve("holes.safetensors");
        writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
        assertMessage(f, "tensor 'b' starts at byte 8 but the previous tensor ends at byte 4 (gap)");
        writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
        assertMessage(f, "(overlap)");
        writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[6]);
        assertMessage(f, "2 bytes after the last tensor");
    }

    @Test
    void otherDtypesAreConvertedOnRead() throws IOException {
        Path f = dir.resolve("dtypes.safetensors");
        ByteBuffer data = ByteBuffer.allocate(8 + 2 + 2 + 16 + 2 + 1).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(-2.5);
        data.putShort((short) 0x3C00);              // F16 1.0
        data.putShort((short) 0x4049);              // BF16 3.140625
        data.putLong(-3).putLong(1L << 30);         // I64
        data.putShort((short) -300);                // I16
        data.put((byte) 200);                       // U8
        writeRaw(f, "{\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[10,12]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[12,28]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[28,30]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[30,31]}}", data.array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[] {-2.5f}, c.get("d").floats());
        assertEquals(0, c.get("d").rank());
        assertArrayEquals(new float[] {1f}, c.get("h").floats());
        assertArrayEquals(new float[] {3.140625f}, c.get("bf").floats());
        assertArrayEquals(new int[] {-3, 1 << 30}, c.get("l").ints());
        assertArrayEquals(new int[] {-300}, c.get("s").ints());
        assertArrayEquals(new int[] {200}, c.get("u").ints());
    }

    @Test
    void int64OutOfInt32RangeIsRejected() throws IOException {
        Path f = dir.resolve("big.safetensors");
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        writeRaw(f, "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data);
        assertMessage(f, "tensor 'ids': int64 value 1099511627776");
    }

    @Test
    void halfPrecisionConversionCoversSpecialValues() {
        assertEquals(0f, SafeTensors.halfToFloat((short) 0));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(SafeTensors.halfToFloat((short) 0x8000)));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, SafeTensors.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
        assertEquals(-2f, SafeTensors.halfToFloat((short) 0xC000));
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        SafeTensors.write(f, sample());
        byte[] before = Files.readAllBytes(f);
        // A writer that fails halfway must leave the previous file untouched.
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new UncheckedIOException(new IOException("disk full"));
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        Map<String, HostArray> other = Map.of("x", HostArray.ofFloats(new float[] {9f}, 1));
        SafeTensors.write(f, other);
        assertArrayEquals(new float[] {9f}, SafeTensors.read(f).get("x").floats());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void reservedAndEmptyNamesAreRefused() {
        Path f = dir.resolve("n.safetensors");
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("__metadata__", HostArray.ofInts(new int[] {1}, 1))));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of("", HostArray.ofInts(new int[] {1}, 1))));
    }

    private static void assertMessage(Path f, String expected) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    static void writeRaw(Path f, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        Files.write(f, buf.array());
    }
}
