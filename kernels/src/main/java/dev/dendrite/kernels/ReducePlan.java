package dev.dendrite.kernels;

/**
 * How reduce.cl reduces the middle axis of an [outer, len, inner] block: which rung of the ladder
 * ({@link ReduceKernel}), and into how many chunks len is split for a first pass (see the comment
 * of reduce.cl).
 *
 * <p>When there are few outputs and len is long, one pass would leave the device mostly idle, so
 * len is cut into {@code chunks} pieces reduced in parallel into [outer, chunks, inner] partial
 * results, which a second pass reduces ({@link #secondPass()}): the two-pass form of every rung.
 */
public record ReducePlan(ReduceKernel kind, int outer, int len, int inner, int chunkLen, int chunks) {

    /** Rows shorter than this are better walked by one work-item than by a group of 256. */
    public static final int MIN_ROW = ReduceKernel.MIN_ROW;
    /** Enough work-groups (tree) or work-items (item, vector) to fill a device. */
    static final long TARGET_GROUPS = 64;
    static final long TARGET_ITEMS = 16_384;
    static final long TARGET_VECTOR_ITEMS = 1024;
    /** The shortest chunk worth a first pass: each work-item should fold at least ~16 values. */
    static final int MIN_ROW_CHUNK = 4096;
    static final int MIN_COL_CHUNK = 256;
    /** The vector rung: at least 128 float8 loads per work-item. */
    static final int MIN_VECTOR_CHUNK = 1024;

    /** The GPU rule on a dense block (rung 2 for long rows, rung 1 otherwise). */
    public static ReducePlan of(int outer, int len, int inner) {
        return of(ReduceKernel.choose(len, inner, true, false), outer, len, inner);
    }

    /** A plan for rung {@code kind}, which must take the block ({@link ReduceKernel#takes}). */
    public static ReducePlan of(ReduceKernel kind, int outer, int len, int inner) {
        if (len < 1) throw new IllegalArgumentException("reduce: len must be at least 1 for a kernel, got " + len);
        if (kind != ReduceKernel.ITEM && inner != 1) throw new IllegalArgumentException("reduce: rung " + kind.label() + " needs inner == 1, got " + inner);
        long outputs = (long) outer * inner;
        long wanted = switch (kind) {
            case TREE -> Math.min(LaunchGeometry.ceilDiv(len, MIN_ROW_CHUNK), LaunchGeometry.ceilDiv(TARGET_GROUPS, outputs));
            case VECTOR -> Math.min(LaunchGeometry.ceilDiv(len, MIN_VECTOR_CHUNK), LaunchGeometry.ceilDiv(TARGET_VECTOR_ITEMS, outputs));
            case ITEM -> Math.min(LaunchGeometry.ceilDiv(len, MIN_COL_CHUNK), LaunchGeometry.ceilDiv(TARGET_ITEMS, outputs));
        };
        wanted = Math.max(1, wanted);
        int chunkLen = (int) LaunchGeometry.ceilDiv(len, wanted);
        int chunks = (int) LaunchGeometry.ceilDiv(len, chunkLen);   // no chunk is left empty
        return new ReducePlan(kind, outer, len, inner, chunkLen, chunks);
    }

    /** An unsplit plan: one pass over the whole of len. */
    public static ReducePlan singlePass(ReduceKernel kind, int outer, int len, int inner) {
        return new ReducePlan(kind, outer, len, inner, len, 1);
    }

    public boolean isSplit() { return chunks > 1; }

    /** The pass that reduces the [outer, chunks, inner] partial results (dense) with {@code kind}, unsplit. */
    public ReducePlan secondPass(ReduceKernel kind) { return singlePass(kind, outer, chunks, inner); }

    /** The second pass by the GPU rule. */
    public ReducePlan secondPass() { return secondPass(ReduceKernel.choose(chunks, inner, true, false)); }

    /** Elements the first pass writes: outer * chunks * inner. */
    public int partialElements() { return Math.multiplyExact(Math.multiplyExact(outer, chunks), inner); }

    /** The launch of this pass. */
    public Launch launch() {
        return switch (kind) {
            case TREE -> LaunchGeometry.groups((long) outer * chunks);
            case VECTOR -> LaunchGeometry.linear((long) outer * chunks);
            case ITEM -> LaunchGeometry.linear((long) outer * chunks * inner);
        };
    }
}
