package dev.dendrite.javadevice;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.UnaryOp;
import java.util.Arrays;

/**
 * The Vector API row kernels, except that the elementwise ones start with their scalar loops and
 * switch to the vector kernel once they have processed {@code after} floats each (the exponentials
 * a sixteenth of it, below): the bias adds and other arithmetic on rows (where counts with them),
 * relu's backward pass, im2col's and col2im's rows, and column sums.
 *
 * <p>Why: a Vector API kernel is fast only once C2 has compiled it. Until then every vector
 * operation is a call that allocates its result, some hundred times slower than the compiled
 * loop, and it makes C2 compile dozens of the Vector API's fallback methods first (they are
 * invoked more often than our kernels, and C2 takes its hottest methods first), so the products'
 * own loops wait in the queue. The scalar loops are compiled by C1 within milliseconds and are
 * at most a few times slower than the vector kernel. A short run, like the MLP's three epochs,
 * never recovers the vector kernels' warm-up: its first epoch took 1.4-2.0 s with them and
 * 1.2-1.4 s with these kernels scalar, its later epochs up to 0.1 s longer (docs/BENCHMARKS.md,
 * 2026-12-07, afternoon). A
 * convolution pushes a hundred million floats through im2col's rows in its first few dozen steps,
 * where the vector kernels then pay for themselves many times over. Switching after a fixed
 * amount of work is the ski-rental rule: rent (scalar) until what renting cost would have bought
 * (the warm-up), so no run loses more than about twice the warm-up.
 *
 * <p>Only kernels whose scalar loop gives the same bits as the vector kernel switch
 * ({@code RowKernelsTest} checks each bit for bit): which one runs never changes a result, so the
 * racy counters (a lost update only delays a switch) cannot make two runs differ. The
 * exponentials (EXP, SIGMOID, TANH, GELU forward and backward) switch after a sixteenth of the
 * floats: their scalar loops cost ten times the vector kernel a float, so renting pays for the
 * warm-up sooner. The sums, dot products, softmax and LayerNorm add in another order in their
 * scalar loops and always run vector.
 */
final class ScalarFirstRowKernels implements RowKernels {
    static final int ARITHMETIC = 0, RELU_GATE = 1, ADD_ROWS = 2, COPY_ROWS = 3, ADD_TO_SUMS = 4, EXPONENTIALS = 5,
            GELU_BACKWARD = 6, KERNELS = 7;
    /**
     * The exponentials rent for this fraction of {@code after}: their scalar loops cost about ten
     * times the vector kernel a float, against two or three times for the arithmetic, so the same
     * warm-up is repaid after a sixteenth of the floats.
     */
    static final int EXPONENTIAL_SHARE_DIVISOR = 16;

    private final RowKernels vector;
    /** Per kernel: the floats it runs scalar for ({@code after}, or its sixteenth for the exponentials). */
    private final long[] share = new long[KERNELS];
    /** Floats each kernel has processed so far, counted until they reach its share. */
    private final long[] processed = new long[KERNELS];

    ScalarFirstRowKernels(RowKernels vector, long after) {
        if (after < 0) throw new IllegalArgumentException("java device: the scalar-first row kernels need after >= 0, got " + after);
        this.vector = vector;
        Arrays.fill(share, after);
        share[EXPONENTIALS] = share[GELU_BACKWARD] = after / EXPONENTIAL_SHARE_DIVISOR;
    }

    /** True while {@code kernel} is still to run scalar; counts the {@code n} floats of this call. */
    private boolean scalar(int kernel, long n) {
        long seen = processed[kernel];
        if (seen >= share[kernel]) return false;
        processed[kernel] = seen + n;
        return true;
    }

    /** Whether {@code kernel} (one of the constants above) has switched to the vector kernel: for tests. */
    boolean switched(int kernel) {
        return processed[kernel] >= share[kernel];
    }

    // The elementwise kernels: scalar first.

    @Override public boolean arithmetic(BinaryOp op, float[] a, int ao, float[] b, int bo, int bs, float[] y, int yo, int n) {
        return scalar(ARITHMETIC, n) ? RowKernels.SCALAR.arithmetic(op, a, ao, b, bo, bs, y, yo, n)
                : vector.arithmetic(op, a, ao, b, bo, bs, y, yo, n);
    }

    @Override public void where(float[] c, int co, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        if (scalar(ARITHMETIC, n)) RowKernels.SCALAR.where(c, co, a, ao, b, bo, y, yo, n);
        else vector.where(c, co, a, ao, b, bo, y, yo, n);
    }

    @Override public void reluGate(float[] a, float[] g, float[] y, int from, int to) {
        if (scalar(RELU_GATE, to - from)) RowKernels.SCALAR.reluGate(a, g, y, from, to);
        else vector.reluGate(a, g, y, from, to);
    }

    @Override public void addRows(float[] y, int yo, int ys, float[] x, int xo, int xs, int rows, int n) {
        if (scalar(ADD_ROWS, (long) rows * n)) RowKernels.SCALAR.addRows(y, yo, ys, x, xo, xs, rows, n);
        else vector.addRows(y, yo, ys, x, xo, xs, rows, n);
    }

    @Override public void copyRows(float[] x, int xo, int xs, float[] y, int yo, int rows, int n) {
        if (scalar(COPY_ROWS, (long) rows * n)) RowKernels.SCALAR.copyRows(x, xo, xs, y, yo, rows, n);
        else vector.copyRows(x, xo, xs, y, yo, rows, n);
    }

    @Override public void addToSums(double[] sums, float[] src, int so, int n) {
        if (scalar(ADD_TO_SUMS, n)) RowKernels.SCALAR.addToSums(sums, src, so, n);
        else vector.addToSums(sums, src, so, n);
    }

    // The exponentials (EXP, SIGMOID, TANH, GELU forward and backward): scalar first too, for a
    // sixteenth of the floats, as their scalar loops cost ten times the vector kernel a float. With
    // the full share a GPT epoch was 1-24% slower; with none, the MLP's loss ran the vector
    // exponential uncompiled through its first epoch (600,000 floats an epoch, so it never switches).

    @Override public boolean transcendental(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        return scalar(EXPONENTIALS, n) ? RowKernels.SCALAR.transcendental(op, x, xo, y, yo, n)
                : vector.transcendental(op, x, xo, y, yo, n);
    }

    @Override public void geluTanhBackward(float[] x, int xo, float[] g, int go, float[] y, int yo, int n) {
        if (scalar(GELU_BACKWARD, n)) RowKernels.SCALAR.geluTanhBackward(x, xo, g, go, y, yo, n);
        else vector.geluTanhBackward(x, xo, g, go, y, yo, n);
    }

    // The rest: always the vector kernels. The sums, dot products, softmax and LayerNorm add in
    // another order in their scalar loops, and the scalar shifted exponentials use Math.exp.

    @Override public boolean softmax(float[] x, int xo, int xStride, float[] y, int yo, int rows, int n, boolean log) {
        return vector.softmax(x, xo, xStride, y, yo, rows, n, log);
    }

    @Override public float[] newLaneSums() {
        return vector.newLaneSums();
    }

    @Override public int lanes() {
        return vector.lanes();
    }

    @Override public float expShifted(float[] a, int from, int n, float shift, float[] laneSums) {
        return vector.expShifted(a, from, n, shift, laneSums);
    }

    @Override public boolean layerNormForward(int cols, float eps, float[] x, int row, float[] gamma, float[] beta, float[] y,
                                              float[] mean, float[] rstd, int r, float[] laneSums) {
        return vector.layerNormForward(cols, eps, x, row, gamma, beta, y, mean, rstd, r, laneSums);
    }

    @Override public boolean layerNormBackward(int cols, float[] x, float[] g, int row, float[] gamma, float mu, float inv,
                                               float[] dx, float[] partial, float[] scratch, float[] laneSums) {
        return vector.layerNormBackward(cols, x, g, row, gamma, mu, inv, dx, partial, scratch, laneSums);
    }

    @Override public double sum(float[] src, int from, int n, double[] laneSums) {
        return vector.sum(src, from, n, laneSums);
    }

    @Override public float extremum(float[] src, int from, int step, int n, boolean max) {
        return vector.extremum(src, from, step, n, max);
    }

    @Override public int indexOf(float[] src, int from, int n, float value) {
        return vector.indexOf(src, from, n, value);
    }

    @Override public int doubleLanes() {
        return vector.doubleLanes();
    }

    @Override public float dot(float[] a, int ao, float[] b, int bo, int n, float[] laneSums) {
        return vector.dot(a, ao, b, bo, n, laneSums);
    }

    @Override public void dots(float[] a, int aOff, int aRow, int aImage, int rowsA, float[] b, int bOff, int bRow, int bImage, int rowsB,
                               int n, int images, float[] c, int cOff, int ldc, float[] laneSums) {
        vector.dots(a, aOff, aRow, aImage, rowsA, b, bOff, bRow, bImage, rowsB, n, images, c, cOff, ldc, laneSums);
    }
}
