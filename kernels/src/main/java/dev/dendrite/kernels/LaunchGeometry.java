package dev.dendrite.kernels;

/**
 * The launch geometry of every kernel in kernels/, in one place so that the OpenCL and CUDA
 * devices launch the same kernels the same way. Each kernel's header comment states the geometry
 * it expects; these methods compute it.
 */
public final class LaunchGeometry {
    /** Work-group size of every 1-D kernel and of the *_rows reductions (matches REDUCE_GROUP, SOFTMAX_GROUP). */
    public static final int GROUP = 256;
    /** CUDA allows at most 65535 blocks along y and z; kernels that need more loop over the excess. */
    public static final int MAX_GROUPS_YZ = 65535;

    private LaunchGeometry() {}

    /** One work-item per element: 1-D, {@value #GROUP} per group, rounded up (kernels guard e < n). */
    public static Launch linear(long workItems) {
        return new Launch(new long[] {roundUp(workItems, GROUP)}, new long[] {GROUP});
    }

    /**
     * The 2-D launch of the strided elementwise kernels over a [rows, cols] view: dimension 0 runs
     * over cols, dimension 1 over rows. A group is {@value #GROUP} work-items, as wide along cols as
     * is useful (a power of two up to 256), the rest along rows. At most
     * {@link #rowsPerLaunch(long)} rows: callers launch again for the rest.
     */
    public static Launch rows(long rows, long cols) {
        long x = groupWidth(cols);
        long y = GROUP / x;
        if (ceilDiv(rows, y) > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException(rows + " rows need more than " + MAX_GROUPS_YZ + " groups; split the launch");
        }
        return new Launch(new long[] {roundUp(cols, x), roundUp(rows, y)}, new long[] {x, y});
    }

    /**
     * One work-item per element of a [count, planes, plane] block, 3-D: dimension 0 over the plane
     * (a group as wide as useful, up to 256), 1 over the planes, 2 over at most
     * {@value #MAX_GROUPS_YZ} of the count (callers launch again for the rest, see
     * {@link #planesPerLaunch()}). Kernels read their coordinates from the launch instead of dividing.
     */
    public static Launch planes(long count, long planes, long plane) {
        if (count > MAX_GROUPS_YZ || planes > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException("planes launch of " + count + " x " + planes
                    + " planes exceeds " + MAX_GROUPS_YZ + " groups along y or z");
        }
        long x = groupWidth(plane);
        return new Launch(new long[] {roundUp(plane, x), planes, count}, new long[] {x, 1, 1});
    }

    /** How many blocks (dimension 2) one {@link #planes} launch may cover. */
    public static int planesPerLaunch() { return MAX_GROUPS_YZ; }

    /** How many rows one {@link #rows} launch may cover. */
    public static long rowsPerLaunch(long cols) {
        return MAX_GROUPS_YZ * (GROUP / groupWidth(cols));
    }

    private static long groupWidth(long cols) {
        if (cols <= 1) return 1;
        return Math.min(GROUP, Long.highestOneBit(cols - 1) << 1);
    }

    /** {@code groups} work-groups of {@value #GROUP} work-items each (the *_rows kernels). */
    public static Launch groups(long groups) {
        return new Launch(new long[] {groups * GROUP}, new long[] {GROUP});
    }

    /** A matmul rung on C [batch, m, n]: dimension 0 over columns, 1 over rows, 2 over the batch. */
    public static Launch matmul(MatmulKernel kernel, int m, int n, int batch) {
        long groupsX = ceilDiv(n, kernel.tileCols());
        long groupsY = ceilDiv(m, kernel.tileRows());
        if (groupsY > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException("matmul: m = " + m + " needs " + groupsY + " row groups with the "
                    + kernel.label() + " kernel, more than the " + MAX_GROUPS_YZ + " a launch allows");
        }
        long groupsZ = Math.min(batch, MAX_GROUPS_YZ);
        return new Launch(new long[] {groupsX * kernel.localX(), groupsY * kernel.localY(), groupsZ},
                new long[] {kernel.localX(), kernel.localY(), 1});
    }

    public static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    public static long roundUp(long a, long multiple) { return ceilDiv(a, multiple) * multiple; }
}
