package dev.dendrite.javadevice;

import dev.dendrite.device.internal.MergedDims;

/**
 * A copy that reads its innermost dimension strided and writes it contiguous: {@code x.t()} made
 * contiguous, or any view whose last two dimensions are swapped. Element by element along the
 * destination's rows, every read lands in another cache line of the source (and where the
 * source's rows are a power of two apart, in the same few sets of the L1 cache), so the plain
 * strided loop ran at 4 GB/s on 4096 x 1024 floats.
 *
 * <p>The idea: take 8 rows of the destination at a time and fill them column by column. One
 * column of such a band reads 8 neighbouring floats of the source (one cache line, or two) and
 * writes one float into each of 8 destination rows, whose lines stay in L1 while 16 columns fill
 * them. Eight, not more: with the source's rows 4 KB apart, 16 destination rows plus the source's
 * lines already overflow the sets they fall in (a probe, one thread, 4096 x 1024: 8-row bands
 * 3.4-3.9 ms, 16-row bands 11.3-11.5 ms, the plain loop 15.3-15.6 ms).
 *
 * <p>Work is shared between threads by bands; floats only (an int copy keeps the plain loop).
 */
final class TransposedCopy {
    private TransposedCopy() {}

    /** Destination rows filled together. */
    private static final int BAND = 8;

    /**
     * True when the merged walk {@code m} (source strides first, destination second) has the
     * shape of a transpose: the destination contiguous along the last dimension, the source
     * contiguous along the one before and strided along the last, both at least a band long.
     */
    static boolean fits(MergedDims m) {
        int r = m.rank();
        if (r < 2) return false;
        int[] src = m.strides()[0], dst = m.strides()[1];
        return dst[r - 1] == 1 && src[r - 2] == 1 && src[r - 1] != 1
                && m.shape()[r - 2] >= BAND && m.shape()[r - 1] >= BAND;
    }

    /** Copies x (from xOff) into y (from yOff) along the walk {@code m}, which {@link #fits}. */
    static void run(Parallel parallel, MergedDims m, float[] x, int xOff, float[] y, int yOff) {
        int r = m.rank(), rows = m.shape()[r - 2], cols = m.shape()[r - 1];
        int bands = (rows + BAND - 1) / BAND;
        long outer = 1;
        for (int d = 0; d < r - 2; d++) outer *= m.shape()[d];
        int items = (int) (outer * bands);
        // a band is BAND x cols floats; a chunk of bands is worth a thread from PARALLEL_ELEMENTS floats
        int minItems = Math.max(1, JavaDevice.PARALLEL_ELEMENTS / (BAND * cols));
        parallel.forRange(items, minItems, (from, to) -> {
            for (int item = from; item < to; item++) copyBand(m, item / bands, item % bands, x, xOff, y, yOff);
        });
    }

    /** Band {@code band} of the matrix at outer index {@code o}. */
    private static void copyBand(MergedDims m, int o, int band, float[] x, int xOff, float[] y, int yOff) {
        int r = m.rank(), rows = m.shape()[r - 2], cols = m.shape()[r - 1];
        int[] xs = m.strides()[0], ys = m.strides()[1];
        int xo = xOff, yo = yOff;
        for (int d = r - 3, rest = o; d >= 0; d--) {   // the outer index's offsets, last dimension fastest
            int i = rest % m.shape()[d];
            rest /= m.shape()[d];
            xo += i * xs[d];
            yo += i * ys[d];
        }
        int xCol = xs[r - 1], yRow = ys[r - 2];
        int i0 = band * BAND, i1 = Math.min(rows, i0 + BAND);
        for (int j = 0; j < cols; j++) {
            int from = xo + j * xCol + i0, to = yo + i0 * yRow + j;
            for (int i = 0; i < i1 - i0; i++) y[to + i * yRow] = x[from + i];
        }
    }
}
