package dev.dendrite.cuda;

import java.util.Arrays;

/**
 * The one place where OpenCL's launch geometry becomes CUDA's. OpenCL asks for the global size
 * in work-items (a multiple of the local size); CUDA for the grid in blocks. So
 * {@code grid = global / local} and {@code block = local}, per dimension, with unused
 * dimensions set to 1.
 */
record CudaGrid(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ) {
    static final long MAX_GRID_X = Integer.MAX_VALUE;
    static final long MAX_GRID_YZ = 65535;
    static final long MAX_BLOCK_THREADS = 1024;

    static CudaGrid of(long[] global, long[] local) {
        if (global.length != local.length || global.length < 1 || global.length > 3) {
            throw new IllegalArgumentException("CUDA launch: 1 to 3 dimensions needed, got global "
                    + Arrays.toString(global) + " local " + Arrays.toString(local));
        }
        long[] grid = {1, 1, 1};
        long[] block = {1, 1, 1};
        for (int d = 0; d < global.length; d++) {
            if (local[d] <= 0 || global[d] % local[d] != 0) {
                throw new IllegalArgumentException("CUDA launch: global size " + Arrays.toString(global)
                        + " is not a multiple of local size " + Arrays.toString(local));
            }
            grid[d] = global[d] / local[d];
            block[d] = local[d];
        }
        if (block[0] * block[1] * block[2] > MAX_BLOCK_THREADS) {
            throw new IllegalArgumentException("CUDA launch: a block of " + Arrays.toString(local)
                    + " threads exceeds CUDA's limit of " + MAX_BLOCK_THREADS);
        }
        if (grid[0] > MAX_GRID_X || grid[1] > MAX_GRID_YZ || grid[2] > MAX_GRID_YZ) {
            throw new IllegalArgumentException("CUDA launch: grid " + Arrays.toString(grid)
                    + " exceeds CUDA's limits (2^31-1 blocks along x, 65535 along y and z)");
        }
        return new CudaGrid((int) grid[0], (int) grid[1], (int) grid[2], (int) block[0], (int) block[1], (int) block[2]);
    }

    /** True when some dimension has no block: nothing to launch. */
    boolean isEmpty() { return gridX == 0 || gridY == 0 || gridZ == 0; }
}
