package dev.dendrite.referencedevice;

/**
 * Index-driven copies and sums along the middle axis: the {@code [outer, len, inner]} side is
 * {@code full}, the {@code [outer, count, inner]} side {@code picked}. The adds sum every
 * contribution, repeated indices included, in double and round once.
 */
final class Indexing {
    private Indexing() {}

    /** dst[o, j, i] = src[o, idx[j], i]. */
    static void indexSelect(float[] src, int outer, int len, int inner, int[] idx, int count, float[] dst) {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++) dst[(o * count + j) * inner + i] = src[(o * len + checked(idx[j], len)) * inner + i];
    }

    /** dst[o, idx[j], i] += src[o, j, i]. */
    static void indexAdd(float[] dst, int outer, int len, int inner, int[] idx, int count, float[] src) {
        double[] sum = widen(dst, outer * len * inner);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++) sum[(o * len + checked(idx[j], len)) * inner + i] += src[(o * count + j) * inner + i];
        narrow(sum, dst);
    }

    /** dst[o, j, i] = src[o, idx[o, j, i], i] (torch.gather). */
    static void gather(float[] src, int outer, int len, int inner, int[] idx, int count, float[] dst) {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++) {
                    int at = (o * count + j) * inner + i;
                    dst[at] = src[(o * len + checked(idx[at], len)) * inner + i];
                }
    }

    /** dst[o, idx[o, j, i], i] += src[o, j, i] (torch.scatter_add_). */
    static void scatterAdd(float[] dst, int outer, int len, int inner, int[] idx, int count, float[] src) {
        double[] sum = widen(dst, outer * len * inner);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++) {
                    int at = (o * count + j) * inner + i;
                    sum[(o * len + checked(idx[at], len)) * inner + i] += src[at];
                }
        narrow(sum, dst);
    }

    /** The index itself, after checking it picks a row of the axis (the caller should have). */
    private static int checked(int index, int len) {
        if (index < 0 || index >= len) throw new IndexOutOfBoundsException("index " + index + " outside [0, " + len + ")");
        return index;
    }

    /** The first n elements of x as doubles, to accumulate into. */
    private static double[] widen(float[] x, int n) {
        double[] wide = new double[n];
        for (int i = 0; i < n; i++) wide[i] = x[i];
        return wide;
    }

    /** Rounds the sums back into the float buffer. */
    private static void narrow(double[] wide, float[] x) {
        for (int i = 0; i < wide.length; i++) x[i] = (float) wide[i];
    }
}
