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
    /**
     * System property that lowers {@link #maxGroupsPerLaunch()} below {@value #MAX_GROUPS_YZ}, e.g.
     * {@code -Ddendrite.kernels.maxGroupsPerLaunch=2}: the split paths then run at small sizes.
     */
    public static final String MAX_GROUPS_PROPERTY = "dendrite.kernels.maxGroupsPerLaunch";

    private static volatile int maxGroupsPerLaunch = Integer.getInteger(MAX_GROUPS_PROPERTY, MAX_GROUPS_YZ);

    static {
        checkGroups(maxGroupsPerLaunch);
    }

    private LaunchGeometry() {}

    /**
     * The most work-groups a launch takes along the dimension that work is split over: rows of the
     * strided kernels, planes of pooling, images of the convolution bias, matmul's batch. Work beyond
     * it goes to further launches (from a rowBase or planeBase) or to a loop inside the kernel.
     * {@value #MAX_GROUPS_YZ} (CUDA's grid limit) unless lowered: on real sizes those second launches
     * only happen past 65535 groups, so tests lower the limit to make them run at all.
     */
    public static int maxGroupsPerLaunch() { return maxGroupsPerLaunch; }

    /** Sets {@link #maxGroupsPerLaunch()} (1 to {@value #MAX_GROUPS_YZ}) and returns the old value, for tests to restore. */
    public static int maxGroupsPerLaunch(int groups) {
        checkGroups(groups);
        int old = maxGroupsPerLaunch;
        maxGroupsPerLaunch = groups;
        return old;
    }

    private static void checkGroups(int groups) {
        if (groups < 1 || groups > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException(MAX_GROUPS_PROPERTY + " must be 1 to " + MAX_GROUPS_YZ + ", got " + groups);
        }
    }

    /** One work-item per element: 1-D, {@value #GROUP} per group, rounded up (kernels guard {@code e < n}). */
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
        if (ceilDiv(rows, y) > maxGroupsPerLaunch()) {
            throw new IllegalArgumentException(rows + " rows need more than " + maxGroupsPerLaunch() + " groups; split the launch");
        }
        return new Launch(new long[] {roundUp(cols, x), roundUp(rows, y)}, new long[] {x, y});
    }

    /**
     * One work-item per element of a [count, planes, plane] block, 3-D: dimension 0 over the plane
     * (a group as wide as useful, up to 256), 1 over the planes, 2 over at most
     * {@link #maxGroupsPerLaunch()} of the count (callers launch again for the rest, see
     * {@link #planesPerLaunch()}). Kernels read their coordinates from the launch instead of dividing.
     */
    public static Launch planes(long count, long planes, long plane) {
        if (count > maxGroupsPerLaunch() || planes > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException("planes launch of " + count + " x " + planes
                    + " planes exceeds " + maxGroupsPerLaunch() + " groups along z or " + MAX_GROUPS_YZ + " along y");
        }
        long x = groupWidth(plane);
        return new Launch(new long[] {roundUp(plane, x), planes, count}, new long[] {x, 1, 1});
    }

    /** How many blocks (dimension 2) one {@link #planes} launch may cover. */
    public static int planesPerLaunch() { return maxGroupsPerLaunch(); }

    /** How many rows one {@link #rows} launch may cover. */
    public static long rowsPerLaunch(long cols) {
        return maxGroupsPerLaunch() * (GROUP / groupWidth(cols));
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
        long groupsZ = Math.min(batch, maxGroupsPerLaunch());   // the kernels loop over the rest of the batch
        return new Launch(new long[] {groupsX * kernel.localX(), groupsY * kernel.localY(), groupsZ},
                new long[] {kernel.localX(), kernel.localY(), 1});
    }

    public static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    public static long roundUp(long a, long multiple) { return ceilDiv(a, multiple) * multiple; }
}
