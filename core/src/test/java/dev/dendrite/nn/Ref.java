package dev.dendrite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Plain host-side reference computations (double precision) and small helpers for the nn tests. */
final class Ref {
    private Ref() {}

    static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= tol * (1 + Math.abs(expected[i])))) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (tolerance " + tol + ")\n expected " + Arrays.toString(Arrays.copyOf(expected, Math.min(12, expected.length)))
                        + "\n actual   " + Arrays.toString(Arrays.copyOf(actual, Math.min(12, actual.length))));
            }
        }
    }

    static void assertClose(float[] expected, Tensor actual, double tol, String what) {
        assertClose(expected, actual.toFloatArray(), tol, what);
    }

    /** y[n, o] = sum_i x[n, i] w[o, i] + b[o]. */
    static float[] linear(float[] x, int n, int in, float[] w, float[] b, int out) {
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w[o * in + i];
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    /** Direct convolution (cross-correlation) of NCHW input with zero padding. */
    static float[] conv2d(float[] x, int n, int c, int h, int w, float[] wt, float[] b, int oc, int k, int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        float[] y = new float[n * oc * oh * ow];
        for (int bi = 0; bi < n; bi++)
            for (int o = 0; o < oc; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b[o];
                        for (int ci = 0; ci < c; ci++)
                            for (int ki = 0; ki < k; ki++)
                                for (int kj = 0; kj < k; kj++) {
                                    int yy = i * stride - pad + ki;
                                    int xx = j * stride - pad + kj;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                                    s += (double) x[((bi * c + ci) * h + yy) * w + xx] * wt[((o * c + ci) * k + ki) * k + kj];
                                }
                        y[((bi * oc + o) * oh + i) * ow + j] = (float) s;
                    }
        return y;
    }

    /** Max (or average, counting padding in the divisor) pooling of NCHW input. */
    static float[] pool(float[] x, int planes, int h, int w, int k, int stride, int pad, boolean max) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        float[] y = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ki = 0; ki < k; ki++)
                        for (int kj = 0; kj < k; kj++) {
                            int yy = i * stride - pad + ki;
                            int xx = j * stride - pad + kj;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                            double v = x[(p * h + yy) * w + xx];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    y[(p * oh + i) * ow + j] = (float) (max ? acc : acc / (k * k));
                }
        return y;
    }

    static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }

    /**
     * A recurrent layer run on the host from PyTorch's equations and its state dict, one layer:
     * gates = 1 (RNN tanh), 3 (GRU r, z, n), 4 (LSTM i, f, g, o). Returns the outputs [batch, seq, hidden]
     * followed by the final h and c.
     */
    static double[][] recurrent(int gates, float[] x, int batch, int seq, int in, int hidden,
                                float[] wih, float[] whh, float[] bih, float[] bhh) {
        double[] out = new double[batch * seq * hidden];
        double[] hLast = new double[batch * hidden];
        double[] cLast = new double[batch * hidden];
        int g = gates * hidden;
        for (int b = 0; b < batch; b++) {
            double[] h = new double[hidden];
            double[] c = new double[hidden];
            for (int t = 0; t < seq; t++) {
                double[] xp = new double[g];
                double[] hp = new double[g];
                for (int r = 0; r < g; r++) {
                    double s = bih[r];
                    for (int i = 0; i < in; i++) s += wih[r * in + i] * (double) x[(b * seq + t) * in + i];
                    xp[r] = s;
                    double u = bhh[r];
                    for (int i = 0; i < hidden; i++) u += whh[r * hidden + i] * h[i];
                    hp[r] = u;
                }
                double[] hn = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    if (gates == 1) {
                        hn[j] = Math.tanh(xp[j] + hp[j]);
                    } else if (gates == 3) {
                        double r = sigmoid(xp[j] + hp[j]);
                        double z = sigmoid(xp[hidden + j] + hp[hidden + j]);
                        double n = Math.tanh(xp[2 * hidden + j] + r * hp[2 * hidden + j]);
                        hn[j] = (1 - z) * n + z * h[j];
                    } else {
                        double i = sigmoid(xp[j] + hp[j]);
                        double f = sigmoid(xp[hidden + j] + hp[hidden + j]);
                        double gg = Math.tanh(xp[2 * hidden + j] + hp[2 * hidden + j]);
                        double o = sigmoid(xp[3 * hidden + j] + hp[3 * hidden + j]);
                        c[j] = f * c[j] + i * gg;
                        hn[j] = o * Math.tanh(c[j]);
                    }
                }
                h = hn;
                System.arraycopy(h, 0, out, (b * seq + t) * hidden, hidden);
            }
            System.arraycopy(h, 0, hLast, b * hidden, hidden);
            System.arraycopy(c, 0, cLast, b * hidden, hidden);
        }
        return new double[][] {out, hLast, cLast};
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
