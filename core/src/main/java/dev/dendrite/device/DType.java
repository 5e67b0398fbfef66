package dev.dendrite.device;

/** Element types a tensor can hold: float32 for values, int32 for labels and indices. */
public enum DType {
    F32(4, "float32"),
    I32(4, "int32");

    private final int byteSize;
    private final String displayName;

    DType(int byteSize, String displayName) {
        this.byteSize = byteSize;
        this.displayName = displayName;
    }

    public int byteSize() { return byteSize; }

    @Override public String toString() { return displayName; }
}
