package dev.dendrite.javadevice;

import dev.dendrite.device.UnaryOp;

/**
 * Row loops that C2 (JDK 17) leaves scalar however they are written in plain Java, with a scalar
 * default here and a Vector API version in {@code VectorRowKernels} (chosen by
 * {@link MicroKernels}). C2 vectorizes a loop only when every array is indexed by the same i and
 * the body has no select and no float/int reinterpretation; relu's backward pass needs one or the
 * other, and the exponentials ({@link Transcendentals}) need both.
 *
 * <p>(col2im's short row sums were tried here too: for 11-float rows an 8-float vector plus three
 * scalar steps was no faster than the scalar loop, and longer rows boxed vectors on JDK 17.)
 */
interface RowKernels {
    /** The scalar loops. */
    RowKernels SCALAR = new RowKernels() {};

    /**
     * {@code y[yo + i] = a[ao + i] op b[bo + i * bs]} for i in [0, n), for ADD, SUB, MUL and DIV
     * with {@code bs} 1 (rows at any offsets: a bias added to a row of activations) or 0 (one
     * value for the whole row: a LayerNorm's mean). Returns false for what it does not cover,
     * which the caller then does with its own loop; the scalar default covers nothing.
     */
    default boolean arithmetic(dev.dendrite.device.BinaryOp op, float[] a, int ao, float[] b, int bo, int bs,
                               float[] y, int yo, int n) {
        return false;
    }

    /**
     * {@code y[yo + i] = op(x[xo + i])} for i in [0, n), for the ops that take an exponential (EXP,
     * SIGMOID, TANH, GELU_TANH), each as {@link Transcendentals} computes it. Returns false for what
     * it does not cover, which the caller then does with its own loop (calling the same functions);
     * the scalar default covers nothing.
     */
    default boolean transcendental(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        return false;
    }

    /** {@code y[yo + i] = g[go + i] * gelu_tanh'(x[xo + i])} for i in [0, n). */
    default void geluTanhBackward(float[] x, int xo, float[] g, int go, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = Transcendentals.geluTanhBackward(x[xo + i], g[go + i]);
    }

    /**
     * Softmax ({@code log} false) or log-softmax of {@code rows} contiguous rows of n floats, row r
     * at {@code x[xo + r * xStride ..]}, into the rows of {@code y} from {@code yo} (one after the
     * other), in {@link Softmax}'s numerically safe form. Returns false for what it does not cover,
     * which the caller then does with its own loop; the scalar default covers nothing
     * ({@link Softmax} keeps the readable loop for the scalar device).
     */
    default boolean softmax(float[] x, int xo, int xStride, float[] y, int yo, int rows, int n, boolean log) {
        return false;
    }

    /**
     * Scratch for the sums of {@link #dot} and {@link #expShifted}, which add a vector's lanes in
     * lane order through an array (so that a sum does not change when the JIT compiles the loop).
     * The caller keeps one per thread: a thread-local lookup per row took 2% of a GPT epoch.
     */
    default float[] newLaneSums() {
        return new float[lanes()];
    }

    /** How many floats the kernels take at a time: a row of a multiple of this has no scalar tail. */
    default int lanes() {
        return 1;
    }

    /**
     * {@code a[i] = e^(a[i] - shift)} in place for i in [from, from + n), returning the sum of the
     * new values: the middle step of a softmax row whose maximum is {@code shift}. Every
     * {@code a[i] - shift} must be at most 0 (shift the maximum, or a log-sum-exp above it).
     * {@code laneSums} comes from {@link #newLaneSums}, one per thread, reused for every row.
     */
    default float expShifted(float[] a, int from, int n, float shift, float[] laneSums) {
        float total = 0f;
        for (int i = from; i < from + n; i++) total += a[i] = (float) Math.exp(a[i] - shift);
        return total;
    }

    /**
     * Row r of {@link LayerNormRows#forward}, starting at {@code row} in x and y: y, and mean[r] and
     * rstd[r]. Returns false for what it does not cover; the scalar default covers nothing.
     */
    default boolean layerNormForward(int cols, float eps, float[] x, int row, float[] gamma, float[] beta, float[] y,
                                     float[] mean, float[] rstd, int r, float[] laneSums) {
        return false;
    }

    /**
     * One row of {@link LayerNormRows#backward}: the row of x and g starts at {@code row}, its
     * mean and 1/std are {@code mu} and {@code inv}; dx and partial as there (either may be null),
     * {@code scratch} 2 * cols floats. Returns false for what it does not cover, which the caller then
     * does with its own loops; the scalar default covers nothing.
     */
    default boolean layerNormBackward(int cols, float[] x, float[] g, int row, float[] gamma, float mu, float inv,
                                      float[] dx, float[] partial, float[] scratch, float[] laneSums) {
        return false;
    }

    /**
     * The sum of src[from, from + n) in double with four accumulators: one accumulator waits on each
     * add's latency (about 4 cycles), four independent ones keep the adder busy. {@code laneSums}
     * holds {@link #doubleLanes} doubles, one array per thread.
     */
    default double sum(float[] src, int from, int n, double[] laneSums) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += src[from + i];
            s1 += src[from + i + 1];
            s2 += src[from + i + 2];
            s3 += src[from + i + 3];
        }
        for (; i < n; i++) s0 += src[from + i];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The largest of n floats from src[from] in steps of {@code step} (the smallest when {@code max}
     * is false), for MAX and MIN reductions: a NaN wins (the row's first, or a NaN first element),
     * and of equal values the first stays, so +0 and -0 keep their order. n is at least 1.
     */
    default float extremum(float[] src, int from, int step, int n, boolean max) {
        float best = src[from];
        for (int l = 1, p = from + step; l < n; l++, p += step) {
            float v = src[p];
            if (v != v) return v;
            if (max ? v > best : v < best) best = v;
        }
        return best;
    }

    /** {@code y[yo + i] = c[co + i] != 0 ? a[ao + i] : b[bo + i]} for i < n (a NaN condition picks a). */
    default void where(float[] c, int co, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        Elementwise.whereRow(c, co, 1, a, ao, 1, b, bo, 1, y, yo, n);
    }

    /** The first l in [0, n) with src[from + l] == value (+0 equal to -0), or n: ARGMAX's second pass. */
    default int indexOf(float[] src, int from, int n, float value) {
        int l = 0;
        while (l < n && src[from + l] != value) l++;
        return l;
    }

    /** How many doubles {@link #sum} sums side by side. */
    default int doubleLanes() {
        return 1;
    }

    /** {@code sums[j] += src[so + j]} in double, for j in [0, n): one row of a column sum. */
    default void addToSums(double[] sums, float[] src, int so, int n) {
        for (int j = 0; j < n; j++) sums[j] += src[so + j];
    }

    /** {@code sum_i a[ao + i] * b[bo + i]} for i in [0, n); {@code laneSums} as for {@link #expShifted}. */
    default float dot(float[] a, int ao, float[] b, int bo, int n, float[] laneSums) {
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += a[ao + i] * b[bo + i];
        return sum;
    }

    /**
     * Many dot products at once: {@code c[cOff + i * ldc + j] += sum over q < images of
     * dot(A_i of image q, B_j of image q)} for i < rowsA, j < rowsB, where row i of A in image q
     * starts at {@code aOff + q * aImage + i * aRow} and row j of B at {@code bOff + q * bImage +
     * j * bRow}, each n long (a weight gradient with few taps: A the output gradients, B the taps'
     * im2col rows). Here one dot product per pair and image, added in image order.
     */
    default void dots(float[] a, int aOff, int aRow, int aImage, int rowsA, float[] b, int bOff, int bRow, int bImage, int rowsB,
                      int n, int images, float[] c, int cOff, int ldc, float[] laneSums) {
        for (int q = 0; q < images; q++) {
            for (int i = 0; i < rowsA; i++) {
                for (int j = 0; j < rowsB; j++) {
                    c[cOff + i * ldc + j] += dot(a, aOff + q * aImage + i * aRow, b, bOff + q * bImage + j * bRow, n, laneSums);
                }
            }
        }
    }

    /**
     * {@code y[yo + r * ys + i] += x[xo + r * xs + i]} for r < rows, i < n: rows of x added in place to
     * rows of y (col2im's runs, one per image). A row of y must not overlap a row of x.
     */
    default void addRows(float[] y, int yo, int ys, float[] x, int xo, int xs, int rows, int n) {
        for (int r = 0; r < rows; r++, yo += ys, xo += xs) {
            for (int i = 0; i < n; i++) y[yo + i] += x[xo + i];
        }
    }

    /**
     * {@code y[yo + r * n + i] = x[xo + r * xs + i]} for r < rows, i < n: rows of x, {@code xs} apart,
     * copied one after another into y (im2col's rows of one tap and image). Writes nothing else
     * (on the way, the vector version writes past a row into the next one's place, so x must not
     * overlap y).
     */
    default void copyRows(float[] x, int xo, int xs, float[] y, int yo, int rows, int n) {
        for (int r = 0; r < rows; r++) System.arraycopy(x, xo + r * xs, y, yo + r * n, n);
    }

    /** Relu's backward pass: {@code y[i] = a[i] > 0 ? g[i] : +0} for i in [from, to) (NaN a gives 0). */
    default void reluGate(float[] a, float[] g, float[] y, int from, int to) {
        for (int i = from; i < to; i++) y[i] = Elementwise.reluGate(a[i], g[i]);
    }
}
