package dev.dendrite.referencedevice;

/**
 * Layer normalisation over the last axis of a contiguous [rows, cols] block, in double: each row
 * is centred on its mean and divided by its standard deviation (biased variance, plus eps), then
 * scaled by gamma and shifted by beta, both per column. The backward pass is the chain rule
 * through the mean and the variance, written out once per row.
 */
final class LayerNorm {
    private LayerNorm() {}

    /** y = (x - mean) rstd gamma + beta per row; mean[r] and rstd[r] saved. gamma, beta may be null. */
    static void forward(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta,
                        float[] y, float[] mean, float[] rstd) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += x[row + j];
            double mu = sum / cols;
            double squares = 0;
            for (int j = 0; j < cols; j++) squares += (x[row + j] - mu) * (x[row + j] - mu);
            double inv = 1 / Math.sqrt(squares / cols + eps);
            for (int j = 0; j < cols; j++) {
                double xhat = (x[row + j] - mu) * inv;
                y[row + j] = (float) (xhat * (gamma == null ? 1 : gamma[j]) + (beta == null ? 0 : beta[j]));
            }
            mean[r] = (float) mu;
            rstd[r] = (float) inv;
        }
    }

    /**
     * With xhat = (x - mean) rstd and dxhat = g gamma: dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat));
     * dgamma = sum over rows of g xhat; dbeta = sum over rows of g. Null outputs are skipped.
     */
    static void backward(int rows, int cols, float[] x, float[] g, float[] gamma, float[] mean, float[] rstd,
                         float[] dx, float[] dgamma, float[] dbeta) {
        if (dx != null) {
            for (int r = 0; r < rows; r++) {
                int row = r * cols;
                double sumD = 0, sumDX = 0;
                for (int j = 0; j < cols; j++) {
                    double dxhat = g[row + j] * (gamma == null ? 1.0 : gamma[j]);
                    sumD += dxhat;
                    sumDX += dxhat * ((x[row + j] - (double) mean[r]) * rstd[r]);
                }
                for (int j = 0; j < cols; j++) {
                    double xhat = (x[row + j] - (double) mean[r]) * rstd[r];
                    double dxhat = g[row + j] * (gamma == null ? 1.0 : gamma[j]);
                    dx[row + j] = (float) (rstd[r] * (dxhat - sumD / cols - xhat * sumDX / cols));
                }
            }
        }
        for (int j = 0; j < cols; j++) {
            double sumG = 0, sumGX = 0;
            for (int r = 0; r < rows; r++) {
                int at = r * cols + j;
                sumG += g[at];
                sumGX += g[at] * ((x[at] - (double) mean[r]) * rstd[r]);
            }
            if (dgamma != null) dgamma[j] = (float) sumGX;
            if (dbeta != null) dbeta[j] = (float) sumG;
        }
    }
}
