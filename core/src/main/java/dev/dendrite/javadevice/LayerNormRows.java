package dev.dendrite.javadevice;

/**
 * Layer normalisation over rows of a contiguous [rows, cols] block, one pass of statistics and one
 * of outputs per row (the reference device's loops, made fast).
 *
 * <p>The loops here are the scalar device's: the row sums run with four independent double
 * accumulators, so the adds overlap instead of waiting on each other (a single accumulator is
 * bound by the add's latency). C2 on JDK 17 leaves the output loops scalar, though every array is
 * indexed by the same j: x and y are read at the row's offset, gamma and beta at the column's, and
 * it cannot prove the arrays apart. With the Vector API a row goes to the row kernels instead
 * ({@link RowKernels#layerNormForward}, {@link RowKernels#layerNormBackward}), 2-6 times faster. The
 * backward pass makes the per-column sums of gamma's and beta's gradients in the same sweep as
 * the input gradient: each chunk of rows adds into its own partial row, and the partials are
 * summed at the end, so threads never share a cache line they write.
 */
final class LayerNormRows {
    private LayerNormRows() {}

    /**
     * Forward for rows [from, to). gamma and beta may be null. With the Vector API each row goes to
     * {@link RowKernels#layerNormForward} (as in {@link #backward}).
     */
    static void forward(RowKernels kernels, int cols, float eps, float[] x, float[] gamma, float[] beta, float[] y,
                        float[] mean, float[] rstd, float[] laneSums, int from, int to) {
        for (int r = from; r < to; r++) {
            int row = r * cols;
            if (kernels.layerNormForward(cols, eps, x, row, gamma, beta, y, mean, rstd, r, laneSums)) continue;
            float mu = (float) (sum(x, row, cols) / cols);
            float inv = (float) (1 / Math.sqrt(centredSquares(x, row, cols, mu) / cols + eps));
            mean[r] = mu;
            rstd[r] = inv;
            if (gamma == null && beta == null) {
                for (int j = 0; j < cols; j++) y[row + j] = (x[row + j] - mu) * inv;
            } else if (beta == null) {
                for (int j = 0; j < cols; j++) y[row + j] = (x[row + j] - mu) * inv * gamma[j];
            } else if (gamma == null) {
                for (int j = 0; j < cols; j++) y[row + j] = (x[row + j] - mu) * inv + beta[j];
            } else {
                for (int j = 0; j < cols; j++) y[row + j] = (x[row + j] - mu) * inv * gamma[j] + beta[j];
            }
        }
    }

    /**
     * Backward for rows [from, to): dx (when not null) and, into {@code partial} (when not null,
     * 2 * cols floats, zeroed by the caller), the sums over these rows of g * xhat (first cols) and
     * of g (next cols). {@code scratch} is 2 * cols floats: the loops below keep a row of dxhat
     * in its first half, the row kernel xhat in its second. With the Vector API
     * each row goes to {@link RowKernels#layerNormBackward}: C2 leaves these loops scalar (their
     * arrays are read at different offsets, see RowKernels), and the vector row is about three
     * times faster; the loops below are the scalar device's and the reference for it.
     */
    static void backward(RowKernels kernels, int cols, float[] x, float[] g, float[] gamma, float[] mean, float[] rstd,
                         float[] dx, float[] partial, float[] scratch, float[] laneSums, int from, int to) {
        for (int r = from; r < to; r++) {
            int row = r * cols;
            float mu = mean[r], inv = rstd[r];
            if (kernels.layerNormBackward(cols, x, g, row, gamma, mu, inv, dx, partial, scratch, laneSums)) continue;
            if (partial != null) {
                for (int j = 0; j < cols; j++) {
                    partial[j] += g[row + j] * ((x[row + j] - mu) * inv);
                    partial[cols + j] += g[row + j];
                }
            }
            if (dx == null) continue;
            if (gamma == null) System.arraycopy(g, row, scratch, 0, cols);
            else for (int j = 0; j < cols; j++) scratch[j] = g[row + j] * gamma[j];
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                s0 += scratch[j];
                s1 += scratch[j + 1];
                s2 += scratch[j + 2];
                s3 += scratch[j + 3];
                t0 += scratch[j] * ((x[row + j] - mu) * inv);
                t1 += scratch[j + 1] * ((x[row + j + 1] - mu) * inv);
                t2 += scratch[j + 2] * ((x[row + j + 2] - mu) * inv);
                t3 += scratch[j + 3] * ((x[row + j + 3] - mu) * inv);
            }
            for (; j < cols; j++) {
                s0 += scratch[j];
                t0 += scratch[j] * ((x[row + j] - mu) * inv);
            }
            float meanD = (float) ((s0 + s1 + s2 + s3) / cols), meanDX = (float) ((t0 + t1 + t2 + t3) / cols);
            for (j = 0; j < cols; j++) dx[row + j] = inv * (scratch[j] - meanD - (x[row + j] - mu) * inv * meanDX);
        }
    }

    /** The sum of x[off .. off + n), four accumulators wide. */
    private static double sum(float[] x, int off, int n) {
        double a = 0, b = 0, c = 0, d = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            a += x[off + j];
            b += x[off + j + 1];
            c += x[off + j + 2];
            d += x[off + j + 3];
        }
        for (; j < n; j++) a += x[off + j];
        return a + b + c + d;
    }

    /** The sum of (x - mu)^2 over x[off .. off + n), four accumulators wide. */
    private static double centredSquares(float[] x, int off, int n, float mu) {
        double a = 0, b = 0, c = 0, d = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            double e0 = x[off + j] - mu, e1 = x[off + j + 1] - mu, e2 = x[off + j + 2] - mu, e3 = x[off + j + 3] - mu;
            a += e0 * e0;
            b += e1 * e1;
            c += e2 * e2;
            d += e3 * e3;
        }
        for (; j < n; j++) {
            double e = x[off + j] - mu;
            a += e * e;
        }
        return a + b + c + d;
    }
}
