package dev.dendrite.kernels;

import java.util.Arrays;

/**
 * The geometry of one kernel launch in OpenCL's terms: the global size (work-items in total, a
 * multiple of the local size in every dimension) and the local size (work-items per work-group).
 * CUDA reads the same numbers as grid = global / local and block = local.
 */
public record Launch(long[] global, long[] local) {
    public Launch {
        if (global.length != local.length || global.length < 1 || global.length > 3) {
            throw new IllegalArgumentException("launch needs 1 to 3 dimensions, got global "
                    + Arrays.toString(global) + " local " + Arrays.toString(local));
        }
        for (int d = 0; d < global.length; d++) {
            if (local[d] <= 0 || global[d] % local[d] != 0) {
                throw new IllegalArgumentException("global size " + Arrays.toString(global)
                        + " is not a multiple of local size " + Arrays.toString(local));
            }
        }
    }

    public int dimensions() { return global.length; }

    /** Work-groups along dimension d (CUDA's gridDim). */
    public long groups(int d) { return global[d] / local[d]; }

    /** True when there is no work-item at all; devices skip such launches. */
    public boolean isEmpty() {
        for (long g : global) if (g == 0) return true;
        return false;
    }

    @Override public String toString() {
        return "Launch[global=" + Arrays.toString(global) + ", local=" + Arrays.toString(local) + "]";
    }
}
