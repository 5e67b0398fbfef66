package dev.dendrite.javadevice;

import dev.dendrite.device.View;

/**
 * Index-driven copies along the middle axis of {@code [outer, len, inner]} blocks; the value
 * operand {@code src} is read through a rank-3 view (element (o, j, i) at offset + o * s0 + j * s1
 * + i * s2), the other side is contiguous. Index-select and
 * index-add (embeddings and their gradient), gather and scatter-add (cross-entropy picks). Every
 * index is checked against {@code len} so a bad label is a clear exception, not a wrong answer.
 */
final class Indexing {
    private Indexing() {}

    /** dst[o, j, i] = src[o, idx[j], i]. */
    static void indexSelect(float[] src, View v, int outer, int len, int inner, int[] idx, int count, float[] dst) {
        for (int j = 0; j < count; j++) check("indexSelect", idx[j], len, j);
        int[] st = v.strides();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                int from = v.offset() + o * st[0] + idx[j] * st[1], to = (o * count + j) * inner;
                if (st[2] == 1) System.arraycopy(src, from, dst, to, inner);
                else for (int i = 0; i < inner; i++) dst[to + i] = src[from + i * st[2]];
            }
        }
    }

    /**
     * dst[o, idx[j], i] += src[o, j, i] for the blocks o in [oFrom, oTo), each of which the device
     * may give to another thread; the indices were checked beforehand ({@link #checkAll}). A
     * contiguous row is added by the row kernels (C2 leaves {@code y[a + i] += x[b + i]} scalar).
     */
    static void indexAdd(RowKernels rows, float[] dst, int len, int inner, int[] idx, int count, float[] src, View v,
                         int oFrom, int oTo) {
        int[] st = v.strides();
        for (int o = oFrom; o < oTo; o++) {
            for (int j = 0; j < count; j++) {
                int d = (o * len + idx[j]) * inner, s = v.offset() + o * st[0] + j * st[1];
                if (st[2] == 1) rows.addRows(dst, d, 0, src, s, 0, 1, inner);
                else for (int i = 0; i < inner; i++) dst[d + i] += src[s + i * st[2]];
            }
        }
    }

    /**
     * dst[o, j, i] = src[o, idx[o, j, i], i] for the blocks o in [oFrom, oTo), each of which the
     * device may give to another thread (a block reads and writes only its own rows). The indices
     * were checked beforehand ({@link #checkAll}).
     */
    static void gather(float[] src, View v, int inner, int[] idx, int count, float[] dst, int oFrom, int oTo) {
        int[] st = v.strides();
        for (int o = oFrom; o < oTo; o++) {
            int base = v.offset() + o * st[0];
            for (int j = 0; j < count; j++) {
                int row = (o * count + j) * inner;
                for (int i = 0; i < inner; i++) dst[row + i] = src[base + idx[row + i] * st[1] + i * st[2]];
            }
        }
    }

    /** dst[o, idx[o, j, i], i] += src[o, j, i] for the blocks o in [oFrom, oTo); the indices were checked beforehand. */
    static void scatterAdd(float[] dst, int len, int inner, int[] idx, int count, float[] src, View v, int oFrom, int oTo) {
        int[] st = v.strides();
        for (int o = oFrom; o < oTo; o++) {
            int base = v.offset() + o * st[0];
            for (int j = 0; j < count; j++) {
                int row = (o * count + j) * inner;
                for (int i = 0; i < inner; i++) dst[(o * len + idx[row + i]) * inner + i] += src[base + j * st[1] + i * st[2]];
            }
        }
    }

    /**
     * Checks idx[0, n) against [0, len) before anything is written, so that a bad index leaves the
     * destination as it was (a scatter-add that failed half way would have added part of its rows).
     */
    static void checkAll(String op, int[] idx, int n, int len) {
        for (int p = 0; p < n; p++) check(op, idx[p], len, p);
    }

    private static void check(String op, int index, int len, int position) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " at position " + position
                    + " is outside the axis range [0, " + len + ")");
        }
    }
}
