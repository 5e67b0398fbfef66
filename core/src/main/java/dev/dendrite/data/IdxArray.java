package dev.dendrite.data;

import dev.dendrite.device.internal.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The contents of one IDX file: an element type, a shape and the raw big-endian data exactly as
 * stored (one byte per pixel for image files, so 60,000 Fashion-MNIST images take 47 MB, not
 * four times that as floats). Decode with {@link #unsignedBytes()}, {@link #toFloats()} or
 * {@link #toInts()}.
 */
public final class IdxArray {
    /** IDX element types, by the code in the third magic byte. */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        public final int code;
        public final int size;

        Type(int code, int size) {
            this.code = code;
            this.size = size;
        }

        static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    private final Path source;
    private final Type type;
    private final int[] shape;
    private final byte[] data;

    IdxArray(Path source, Type type, int[] shape, byte[] data) {
        this.source = source;
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    public Path source() { return source; }

    public Type type() { return type; }

    public int[] shape() { return shape.clone(); }

    public int numel() { return Shapes.numel(shape); }

    /** The data of a UBYTE file as stored (values 0..255 read as {@code b & 0xFF}); not a copy. */
    public byte[] unsignedBytes() {
        if (type != Type.UBYTE) throw new IllegalStateException(source + ": holds " + type + ", not unsigned bytes");
        return data;
    }

    /** Every element as a float (UBYTE 0..255 becomes 0.0..255.0). */
    public float[] toFloats() {
        int n = numel();
        float[] out = new float[n];
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case FLOAT -> buf.getFloat(i * 4);
                case DOUBLE -> (float) buf.getDouble(i * 8);
                default -> intAt(buf, i);
            };
        }
        return out;
    }

    /** Every element as an int; only for integer types (labels). */
    public int[] toInts() {
        if (type == Type.FLOAT || type == Type.DOUBLE) {
            throw new IllegalStateException(source + ": holds " + type + ", not integers");
        }
        int n = numel();
        int[] out = new int[n];
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) out[i] = intAt(buf, i);
        return out;
    }

    @Override public String toString() {
        return "IdxArray[" + source.getFileName() + ", " + type + " " + Arrays.toString(shape) + "]";
    }

    /** Element {@code i} of an integer-typed file (big-endian, as IDX stores it). */
    private int intAt(ByteBuffer buf, int i) {
        return switch (type) {
            case UBYTE -> data[i] & 0xFF;
            case BYTE -> data[i];
            case SHORT -> buf.getShort(i * 2);
            case INT -> buf.getInt(i * 4);
            default -> throw new IllegalStateException(source + ": holds " + type + ", not integers");
        };
    }
}
