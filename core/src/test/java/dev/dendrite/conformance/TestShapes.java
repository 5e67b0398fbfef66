package dev.dendrite.conformance;

/**
 * The shapes elementwise cases run over: the sizes 1, 3, 17, 33 and 129 (odd, so no kernel can
 * assume a multiple of its tile or vector width), a scalar (rank 0) and empty tensors.
 */
final class TestShapes {
    private TestShapes() {}

    static final int[] SCALAR = {};
    static final int[] EMPTY = {3, 0, 5};

    /** Non-empty shapes of rank 1 to 3. */
    static int[][] nonEmpty() {
        return new int[][] {{129}, {3, 17}, {17, 33}, {33, 1, 3}, {2, 3, 17}, {1}};
    }

    /** Every shape: the non-empty ones, a scalar and an empty one. */
    static int[][] all() {
        int[][] ne = nonEmpty();
        int[][] all = java.util.Arrays.copyOf(ne, ne.length + 2);
        all[ne.length] = SCALAR;
        all[ne.length + 1] = EMPTY;
        return all;
    }

    static int[] ints(java.util.Random r, int n, int lo, int hiExclusive) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = lo + r.nextInt(hiExclusive - lo);
        return v;
    }

    static float[] uniform(java.util.Random r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextFloat();
        return v;
    }
}
