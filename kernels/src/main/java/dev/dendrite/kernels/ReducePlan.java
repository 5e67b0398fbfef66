package dev.dendrite.kernels;

/**
 * How reduce.cl reduces the middle axis of an [outer, len, inner] block: which kernel, and into
 * how many chunks len is split for a first pass (see the comment of reduce.cl).
 *
 * <ul>
 *   <li>{@link Kind#ROWS} (inner == 1 and rows of at least {@value #MIN_ROW}): a work-group per
 *       output combines the row cooperatively.</li>
 *   <li>{@link Kind#COLS} otherwise: a work-item per output walks len alone.</li>
 * </ul>
 * When there are few outputs and len is long, one pass would leave the device mostly idle, so len
 * is cut into {@code chunks} pieces reduced in parallel into [outer, chunks, inner] partial
 * results, which a second pass reduces ({@link #secondPass()}).
 */
public record ReducePlan(Kind kind, int outer, int len, int inner, int chunkLen, int chunks) {
    public enum Kind { ROWS, COLS }

    /** Rows shorter than this are better walked by one work-item than by a group of 256. */
    public static final int MIN_ROW = 64;
    /** Enough work-groups (ROWS) or work-items (COLS) to fill a device. */
    static final long TARGET_GROUPS = 64;
    static final long TARGET_ITEMS = 16_384;
    /** The shortest chunk worth a first pass: each work-item should fold at least ~16 values. */
    static final int MIN_ROW_CHUNK = 4096;
    static final int MIN_COL_CHUNK = 256;

    public static ReducePlan of(int outer, int len, int inner) {
        if (len < 1) throw new IllegalArgumentException("reduce: len must be at least 1 for a kernel, got " + len);
        boolean rows = inner == 1 && len >= MIN_ROW;
        long outputs = (long) outer * inner;
        long wanted = rows
                ? Math.min(LaunchGeometry.ceilDiv(len, MIN_ROW_CHUNK), LaunchGeometry.ceilDiv(TARGET_GROUPS, outputs))
                : Math.min(LaunchGeometry.ceilDiv(len, MIN_COL_CHUNK), LaunchGeometry.ceilDiv(TARGET_ITEMS, outputs));
        wanted = Math.max(1, wanted);
        int chunkLen = (int) LaunchGeometry.ceilDiv(len, wanted);
        int chunks = (int) LaunchGeometry.ceilDiv(len, chunkLen);   // no chunk is left empty
        return new ReducePlan(rows ? Kind.ROWS : Kind.COLS, outer, len, inner, chunkLen, chunks);
    }

    /** An unsplit plan: one pass over the whole of len. */
    public static ReducePlan singlePass(int outer, int len, int inner) {
        boolean rows = inner == 1 && len >= MIN_ROW;
        return new ReducePlan(rows ? Kind.ROWS : Kind.COLS, outer, len, inner, len, 1);
    }

    public boolean isSplit() { return chunks > 1; }

    /** The pass that reduces the [outer, chunks, inner] partial results. */
    public ReducePlan secondPass() { return singlePass(outer, chunks, inner); }

    /** Elements the first pass writes: outer * chunks * inner. */
    public int partialElements() { return Math.multiplyExact(Math.multiplyExact(outer, chunks), inner); }

    /** The launch of this pass. */
    public Launch launch() {
        return kind == Kind.ROWS
                ? LaunchGeometry.groups((long) outer * chunks)
                : LaunchGeometry.linear((long) outer * chunks * inner);
    }
}
