package dev.dendrite.io;

import dev.dendrite.io.internal.Json;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the one PyTorch and Hugging Face use for weights:
 * <pre>
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   a UTF-8 JSON object: for each tensor
 *             "name": {"dtype": "F32", "shape": [out, in], "data_offsets": [begin, end]}
 *             and optionally "__metadata__": {string: string}
 *   rest      the tensors' bytes, row-major, little-endian; offsets count from the start of this section
 * </pre>
 * Writes are atomic ({@link AtomicFiles}). Reads check everything a damaged file can get wrong
 * (truncation, bad JSON, sizes that disagree with shapes, overlapping or missing bytes) and fail
 * with a {@link FileFormatException} naming the file and the tensor. F32 and I32 are written;
 * reading also accepts F64, F16 and BF16 (converted to float32) and I64, I16, I8, U8 and BOOL
 * (converted to int32), so files saved by PyTorch load as they are.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** Key of the optional string-to-string metadata object in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** Headers larger than this are refused as corrupt (the reference implementation uses the same bound). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** What a file holds: tensors in file order and the metadata strings. */
    public record Contents(Map<String, HostArray> tensors, Map<String, String> metadata) {
        /** The tensor called {@code name}; an error naming the file's tensors when it is absent. */
        public HostArray get(String name) {
            HostArray a = tensors.get(name);
            if (a == null) throw new IllegalArgumentException("safetensors: no tensor named '" + name + "'; the file holds " + tensors.keySet());
            return a;
        }
    }

    // ------------------------------------------------------------------ writing

    public static void write(Path file, Map<String, HostArray> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    public static void write(Path file, Map<String, HostArray> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length.array());
            out.write(header);
            byte[] chunk = new byte[1 << 16];
            for (HostArray a : tensors.values()) writeData(a, out, chunk);
        });
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data section is aligned. */
    static byte[] header(Map<String, HostArray> tensors, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) json.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, HostArray> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: '" + name + "' cannot be a tensor name");
            }
            HostArray a = e.getValue();
            long bytes = (long) a.numel() * 4;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", a.dtype() == DType.F32 ? "F32" : "I32");
            entry.put("shape", a.shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(name, entry);
            offset += bytes;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(HostArray a, OutputStream out, byte[] chunk) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.length / 4;
        int n = a.numel();
        for (int start = 0; start < n; start += perChunk) {
            int count = Math.min(perChunk, n - start);
            buf.clear();
            if (a.dtype() == DType.F32) buf.asFloatBuffer().put(a.floats(), start, count);
            else buf.asIntBuffer().put(a.ints(), start, count);
            out.write(chunk, 0, count * 4);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Element types a file may hold, with their size in bytes. */
    private enum FileDType {
        F32(4), F64(8), F16(2), BF16(2), I32(4), I64(8), I16(2), I8(1), U8(1), BOOL(1);

        final int size;

        FileDType(int size) { this.size = size; }

        boolean isFloat() { return this == F32 || this == F64 || this == F16 || this == BF16; }
    }

    /** One header entry after validation. */
    private record Entry(String name, FileDType dtype, int[] shape, long begin, long end) {}

    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long headerLen = headerLength(ch, file);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = readHeader(ch, file, headerLen, metadata);
            long dataStart = 8 + headerLen;
            checkLayout(file, entries, ch.size() - dataStart);

            Map<String, HostArray> tensors = new LinkedHashMap<>();
            for (Entry e : entries) tensors.put(e.name, readTensor(ch, file, e, dataStart));
            return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        }
    }

    /** Only the metadata strings: reads the header, not the tensors (a quick look at a large checkpoint). */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, String> metadata = new LinkedHashMap<>();
            readHeader(ch, file, headerLength(ch, file), metadata);
            return Collections.unmodifiableMap(metadata);
        }
    }

    /** The checked header length (the first 8 bytes). */
    private static long headerLength(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new FileFormatException(file, "not a safetensors file: " + size + " bytes, too short to hold the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file, "the header length");
        long headerLen = lenBuf.flip().getLong();
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "not a safetensors file: header length " + Long.toUnsignedString(headerLen)
                    + " is outside [2, " + MAX_HEADER_BYTES + "]");
        }
        if (headerLen > size - 8) {
            throw new FileFormatException(file, "truncated: the header is " + headerLen + " bytes but only "
                    + (size - 8) + " bytes follow the length field");
        }
        return headerLen;
    }

    /** The header's tensor entries, in file order; its metadata goes into {@code metadata}. */
    private static List<Entry> readHeader(FileChannel ch, Path file, long headerLen, Map<String, String> metadata)
            throws IOException {
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headerBuf, 8, file, "the header");
        return parseHeader(file, headerBuf.array(), metadata);
    }

    private static List<Entry> parseHeader(Path file, byte[] bytes, Map<String, String> metadata) throws FileFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "corrupt header: not valid UTF-8", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "corrupt header: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) throw new FileFormatException(file, "corrupt header: expected a JSON object");

        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> kv : map.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(kv.getValue() instanceof Map<?, ?> meta)) {
                    throw new FileFormatException(file, "corrupt header: " + METADATA_KEY + " must be an object of strings");
                }
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String value)) {
                        throw new FileFormatException(file, "corrupt header: metadata '" + m.getKey() + "' is not a string");
                    }
                    metadata.put((String) m.getKey(), value);
                }
                continue;
            }
            entries.add(parseEntry(file, name, kv.getValue()));
        }
        return entries;
    }

    private static Entry parseEntry(Path file, String name, Object value) throws FileFormatException {
        String where = "tensor '" + name + "': ";
        if (!(value instanceof Map<?, ?> info)) throw new FileFormatException(file, where + "header entry is not an object");
        if (!(info.get("dtype") instanceof String dtypeName)) throw new FileFormatException(file, where + "missing dtype");
        FileDType dtype;
        try {
            dtype = FileDType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, where + "unsupported dtype " + dtypeName + " (supported: "
                    + Arrays.toString(FileDType.values()) + ")");
        }
        if (!(info.get("shape") instanceof List<?> shapeList)) throw new FileFormatException(file, where + "missing shape");
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new FileFormatException(file, where + "bad shape " + shapeList);
            }
            shape[i] = (int) (long) d;
        }
        int numel;
        try {
            numel = Shapes.numel(shape);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, where + e.getMessage());
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                || begin < 0 || end < begin) {
            throw new FileFormatException(file, where + "bad data_offsets " + info.get("data_offsets"));
        }
        long expected = (long) numel * dtype.size;
        if (end - begin != expected) {
            throw new FileFormatException(file, where + "shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expected + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The tensors must tile the data section exactly: no gaps, no overlaps, nothing missing at the end. */
    private static void checkLayout(Path file, List<Entry> entries, long dataBytes) throws FileFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.end > dataBytes) {
                throw new FileFormatException(file, "truncated: tensor '" + e.name + "' ends at byte " + e.end
                        + " of the data section but the file holds only " + dataBytes + " data bytes");
            }
            if (e.begin != expected) {
                throw new FileFormatException(file, "corrupt layout: tensor '" + e.name + "' starts at byte " + e.begin
                        + " but the previous tensor ends at byte " + expected + (e.begin < expected ? " (overlap)" : " (gap)"));
            }
            expected = e.end;
        }
        if (expected != dataBytes) {
            throw new FileFormatException(file, "corrupt layout: " + (dataBytes - expected)
                    + " bytes after the last tensor belong to no tensor");
        }
    }

    private static HostArray readTensor(FileChannel ch, Path file, Entry e, long dataStart) throws IOException {
        int numel = Shapes.numel(e.shape);
        float[] floats = e.dtype.isFloat() ? new float[numel] : null;
        int[] ints = e.dtype.isFloat() ? null : new int[numel];
        int perChunk = (1 << 20) / e.dtype.size;
        ByteBuffer buf = ByteBuffer.allocate(perChunk * e.dtype.size).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + e.begin;
        for (int start = 0; start < numel; start += perChunk) {
            int count = Math.min(perChunk, numel - start);
            buf.clear().limit(count * e.dtype.size);
            readFully(ch, buf, pos, file, "tensor '" + e.name + "'");
            buf.flip();
            pos += (long) count * e.dtype.size;
            decode(buf, e, floats, ints, start, count, file);
        }
        return floats != null ? HostArray.ofFloats(floats, e.shape) : HostArray.ofInts(ints, e.shape);
    }

    private static void decode(ByteBuffer buf, Entry e, float[] floats, int[] ints, int start, int count, Path file)
            throws FileFormatException {
        switch (e.dtype) {
            case F32 -> buf.asFloatBuffer().get(floats, start, count);
            case I32 -> buf.asIntBuffer().get(ints, start, count);
            case F64 -> { for (int i = 0; i < count; i++) floats[start + i] = (float) buf.getDouble(); }
            case F16 -> { for (int i = 0; i < count; i++) floats[start + i] = halfToFloat(buf.getShort()); }
            case BF16 -> { for (int i = 0; i < count; i++) floats[start + i] = Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16); }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    long v = buf.getLong();
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw new FileFormatException(file, "tensor '" + e.name + "': int64 value " + v
                                + " at element " + (start + i) + " does not fit int32");
                    }
                    ints[start + i] = (int) v;
                }
            }
            case I16 -> { for (int i = 0; i < count; i++) ints[start + i] = buf.getShort(); }
            case I8 -> { for (int i = 0; i < count; i++) ints[start + i] = buf.get(); }
            case U8, BOOL -> { for (int i = 0; i < count; i++) ints[start + i] = buf.get() & 0xFF; }
        }
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf or NaN
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign); // signed zero
            float v = mant * 0x1p-24f;                       // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file, String what) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new FileFormatException(file, "truncated while reading " + what);
            pos += n;
        }
    }
}
