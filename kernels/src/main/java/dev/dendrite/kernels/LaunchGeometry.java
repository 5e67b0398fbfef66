package dev.dendrite.kernels;

/**
 * The launch geometry of every kernel in kernels/, in one place so that the OpenCL and CUDA
 * devices launch the same kernels the same way. Each kernel's header comment states the geometry
 * it expects; these methods compute it.
 */
public final class LaunchGeometry {
    /** Work-group size of every 1-D kernel and of the *_rows reductions (matches REDUCE_GROUP, SOFTMAX_GROUP). */
    public static final int GROUP = 256;
    /** The matmul kernels run 16 x 16 work-groups. */
    public static final int MATMUL_GROUP_SIDE = 16;
    /** CUDA allows at most 65535 blocks along y and z; kernels that need more loop over the excess. */
    public static final int MAX_GROUPS_YZ = 65535;

    private LaunchGeometry() {}

    /** One work-item per element: 1-D, {@value #GROUP} per group, rounded up (kernels guard e < n). */
    public static Launch linear(long workItems) {
        return new Launch(new long[] {roundUp(workItems, GROUP)}, new long[] {GROUP});
    }

    /** {@code groups} work-groups of {@value #GROUP} work-items each (the *_rows kernels). */
    public static Launch groups(long groups) {
        return new Launch(new long[] {groups * GROUP}, new long[] {GROUP});
    }

    /** A matmul rung on C [batch, m, n]: dimension 0 over columns, 1 over rows, 2 over the batch. */
    public static Launch matmul(MatmulKernel kernel, int m, int n, int batch) {
        long groupsX = ceilDiv(n, kernel.tile());
        long groupsY = ceilDiv(m, kernel.tile());
        if (groupsY > MAX_GROUPS_YZ) {
            throw new IllegalArgumentException("matmul: m = " + m + " needs " + groupsY + " row groups with the "
                    + kernel.label() + " kernel, more than the " + MAX_GROUPS_YZ + " a launch allows");
        }
        long groupsZ = Math.min(batch, MAX_GROUPS_YZ);
        int side = MATMUL_GROUP_SIDE;
        return new Launch(new long[] {groupsX * side, groupsY * side, groupsZ},
                new long[] {side, side, 1});
    }

    public static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    public static long roundUp(long a, long multiple) { return ceilDiv(a, multiple) * multiple; }
}
