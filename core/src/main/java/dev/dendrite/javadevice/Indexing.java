package dev.dendrite.javadevice;

/**
 * Index-driven copies along the middle axis of {@code [outer, len, inner]} blocks: index-select and
 * index-add (embeddings and their gradient), gather and scatter-add (cross-entropy picks). Every
 * index is checked against {@code len} so a bad label is a clear exception, not a wrong answer.
 */
final class Indexing {
    private Indexing() {}

    /** dst[o, j, i] = src[o, idx[j], i]. */
    static void indexSelect(float[] src, int outer, int len, int inner, int[] idx, int count, float[] dst) {
        for (int j = 0; j < count; j++) check("indexSelect", idx[j], len, j);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                System.arraycopy(src, (o * len + idx[j]) * inner, dst, (o * count + j) * inner, inner);
            }
        }
    }

    /** dst[o, idx[j], i] += src[o, j, i]. */
    static void indexAdd(float[] dst, int outer, int len, int inner, int[] idx, int count, float[] src) {
        for (int j = 0; j < count; j++) check("indexAdd", idx[j], len, j);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                int d = (o * len + idx[j]) * inner, s = (o * count + j) * inner;
                for (int i = 0; i < inner; i++) dst[d + i] += src[s + i];
            }
        }
    }

    /** dst[o, j, i] = src[o, idx[o, j, i], i]. */
    static void gather(float[] src, int outer, int len, int inner, int[] idx, int count, float[] dst) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                int row = (o * count + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int ix = idx[row + i];
                    check("gather", ix, len, row + i);
                    dst[row + i] = src[(o * len + ix) * inner + i];
                }
            }
        }
    }

    /** dst[o, idx[o, j, i], i] += src[o, j, i]. */
    static void scatterAdd(float[] dst, int outer, int len, int inner, int[] idx, int count, float[] src) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                int row = (o * count + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int ix = idx[row + i];
                    check("scatterAdd", ix, len, row + i);
                    dst[(o * len + ix) * inner + i] += src[row + i];
                }
            }
        }
    }

    private static void check(String op, int index, int len, int position) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " at position " + position
                    + " is outside the axis range [0, " + len + ")");
        }
    }
}
