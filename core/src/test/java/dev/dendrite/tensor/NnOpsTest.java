package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** conv2d, pooling and softmax through the tensor API, against loops written from the definitions. */
class NnOpsTest {
    final Random random = new Random(13);

    @Test
    void conv2dMatchesDirectLoops() {
        // batch, inC, H, W, outC, kH, kW, stride, pad
        int[][] cases = {{2, 3, 9, 7, 4, 3, 3, 1, 1}, {1, 1, 17, 17, 2, 5, 5, 2, 2}, {3, 2, 4, 5, 1, 1, 1, 1, 0}, {1, 3, 3, 3, 33, 3, 3, 1, 0}};
        int i = 0;
        for (int[] c : cases) {
            try (Scope s = Scope.open()) {
                int b = c[0], ic = c[1], h = c[2], w = c[3], oc = c[4], kh = c[5], kw = c[6], st = c[7], pad = c[8];
                float[] x = random(random, b * ic * h * w), wt = random(random, oc * ic * kh * kw), bias = random(random, oc);
                Tensor out = Tensor.conv2d(either(i++, x, b, ic, h, w), tensor(wt, oc, ic, kh, kw), tensor(bias, oc), st, pad);
                int oh = (h + 2 * pad - kh) / st + 1, ow = (w + 2 * pad - kw) / st + 1;
                assertArrayEquals(new int[] {b, oc, oh, ow}, out.shape());
                float[] want = new float[b * oc * oh * ow];
                for (int n = 0; n < b; n++)
                    for (int o = 0; o < oc; o++)
                        for (int y = 0; y < oh; y++)
                            for (int z = 0; z < ow; z++) {
                                double acc = bias[o];
                                for (int cc = 0; cc < ic; cc++)
                                    for (int p = 0; p < kh; p++)
                                        for (int q = 0; q < kw; q++) {
                                            int yy = y * st - pad + p, zz = z * st - pad + q;
                                            if (yy < 0 || yy >= h || zz < 0 || zz >= w) continue;
                                            acc += x[((n * ic + cc) * h + yy) * w + zz] * wt[((o * ic + cc) * kh + p) * kw + q];
                                        }
                                want[((n * oc + o) * oh + y) * ow + z] = (float) acc;
                            }
                assertClose(want, out, 1e-4);
                Tensor noBias = Tensor.conv2d(tensor(x, b, ic, h, w), tensor(wt, oc, ic, kh, kw), null, st, pad);
                float[] nb = noBias.toFloatArray();
                float[] got = out.toFloatArray();
                for (int k = 0; k < nb.length; k++) assertEquals(got[k] - bias[(k / (oh * ow)) % oc], nb[k], 1e-4);
            }
        }
    }

    @Test
    void poolingMatchesDirectLoops() {
        int[][] cases = {{2, 3, 8, 8, 2, 2, 0}, {1, 2, 17, 9, 3, 2, 1}, {1, 1, 5, 5, 5, 1, 0}};
        int i = 0;
        for (int[] c : cases) {
            try (Scope s = Scope.open()) {
                int b = c[0], ch = c[1], h = c[2], w = c[3], k = c[4], st = c[5], pad = c[6];
                float[] x = random(random, b * ch * h * w);
                Tensor tx = either(i++, x, b, ch, h, w);
                Tensor mx = Tensor.maxPool2d(tx, k, st, pad);
                Tensor av = Tensor.avgPool2d(tx, k, st, pad);
                int oh = (h + 2 * pad - k) / st + 1, ow = (w + 2 * pad - k) / st + 1;
                float[] wantMax = new float[b * ch * oh * ow], wantAvg = new float[wantMax.length];
                for (int n = 0; n < b * ch; n++)
                    for (int y = 0; y < oh; y++)
                        for (int z = 0; z < ow; z++) {
                            float m = Float.NEGATIVE_INFINITY;
                            double sum = 0;
                            for (int p = 0; p < k; p++)
                                for (int q = 0; q < k; q++) {
                                    int yy = y * st - pad + p, zz = z * st - pad + q;
                                    if (yy < 0 || yy >= h || zz < 0 || zz >= w) continue;
                                    float v = x[(n * h + yy) * w + zz];
                                    m = Math.max(m, v);
                                    sum += v;
                                }
                            wantMax[(n * oh + y) * ow + z] = m;
                            wantAvg[(n * oh + y) * ow + z] = (float) (sum / (k * k));
                        }
                assertClose(wantMax, mx, 0);
                assertClose(wantAvg, av, 1e-5);
            }
        }
    }

    @Test
    void softmaxAndLogSoftmaxAlongAnyAxis() {
        int[] shape = {3, 17, 5};
        for (int axis = -3; axis < 3; axis++) {
            try (Scope s = Scope.open()) {
                float[] x = random(random, numel(shape));
                x[0] = 80f; // large values must not overflow
                Tensor tx = either(axis + 3, x, shape);
                float[] sm = tx.softmax(axis).toFloatArray();
                float[] lsm = tx.logSoftmax(axis).toFloatArray();
                int a = axis < 0 ? axis + 3 : axis;
                float[] want = new float[x.length], wantLog = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    int[] idx = unravel(i, shape);
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < shape[a]; j++) {
                        idx[a] = j;
                        max = Math.max(max, x[ravel(idx, shape)]);
                    }
                    for (int j = 0; j < shape[a]; j++) {
                        idx[a] = j;
                        sum += Math.exp(x[ravel(idx, shape)] - max);
                    }
                    want[i] = (float) (Math.exp(x[i] - max) / sum);
                    wantLog[i] = (float) (x[i] - max - Math.log(sum));
                }
                assertClose(want, sm, 1e-5);
                assertClose(wantLog, lsm, 1e-5);
            }
        }
    }

    @Test
    void nnOpErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(D, 2, 3, 8, 8);
            assertEquals("conv2d: input [2, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3] expects 2",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.conv2d(x, Tensor.zeros(D, 4, 2, 3, 3), null, 1, 0)).getMessage());
            assertEquals("conv2d: expected a 4-d tensor [batch, channels, height, width] as input, got shape [3, 8, 8]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.conv2d(Tensor.zeros(D, 3, 8, 8), Tensor.zeros(D, 4, 3, 3, 3), null, 1, 0)).getMessage());
            assertEquals("conv2d: bias must have shape [4] for weight [4, 3, 3, 3], got [3]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.conv2d(x, Tensor.zeros(D, 4, 3, 3, 3), Tensor.zeros(D, 3), 1, 0)).getMessage());
            assertEquals("conv2d: stride must be positive, got [0, 0]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.conv2d(x, Tensor.zeros(D, 4, 3, 3, 3), null, 0, 0)).getMessage());
            int[] one = {1, 1};
            Tensor x4 = Tensor.zeros(D, 2, 4, 8, 8);
            assertEquals("conv2d: 3 groups must divide the input's 4 channels (input [2, 4, 8, 8]) and the weight's 6 output channels"
                            + " (weight [6, 1, 3, 3])",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.conv2d(x4, Tensor.zeros(D, 6, 1, 3, 3), null, one, one, one, 3)).getMessage());
            assertEquals("conv2d: input [2, 4, 8, 8] has 4 channels but weight [6, 1, 3, 3] expects 1 per group, 2 in all for 2 groups",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.conv2d(x4, Tensor.zeros(D, 6, 1, 3, 3), null, one, one, one, 2)).getMessage());
            assertEquals("conv2d: dilation must be positive, got [0, 1]",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.conv2d(x4, Tensor.zeros(D, 4, 4, 3, 3), null, one, one, new int[] {0, 1}, 1)).getMessage());
            assertEquals("conv2d: groups must be positive, got 0",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.conv2d(x4, Tensor.zeros(D, 4, 4, 3, 3), null, one, one, one, 0)).getMessage());
            assertEquals("conv2d: kernel 3x3 (spanning 9x9 with dilation 4x4) is larger than the padded input [2, 4, 8, 8] with padding 0x0",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.conv2d(x4, Tensor.zeros(D, 4, 4, 3, 3), null, one, new int[] {0, 0}, new int[] {4, 4}, 1)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.maxPool2d(x, 9, 1, 0)).getMessage()
                    .startsWith("maxPool2d: window [9, 9] is larger than the padded input [2, 3, 8, 8]"));
            assertEquals("softmax: axis 4 is out of range for a tensor of shape [2, 3, 8, 8] (expected -4 to 3)",
                    assertThrows(IllegalArgumentException.class, () -> x.softmax(4)).getMessage());
        }
    }
}
