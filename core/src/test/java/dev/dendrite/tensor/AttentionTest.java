package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.autograd.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Scaled dot-product attention against loops written from the definition, and its gradients. */
class AttentionTest {
    final Random random = new Random(29);

    /** softmax(q k^T / sqrt(d) + mask [+ causal]) v for one [T, d] head, in double. */
    static float[] naive(float[] q, float[] k, float[] v, float[] mask, boolean causal, int tq, int tk, int d, int dv) {
        float[] out = new float[tq * dv];
        for (int i = 0; i < tq; i++) {
            double[] s = new double[tk];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < tk; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) dot += (double) q[i * d + c] * k[j * d + c];
                s[j] = dot / Math.sqrt(d) + (mask == null ? 0 : mask[i * tk + j]) + (causal && j > i ? Double.NEGATIVE_INFINITY : 0);
                max = Math.max(max, s[j]);
            }
            double total = 0;
            for (int j = 0; j < tk; j++) total += s[j] = Math.exp(s[j] - max);
            for (int c = 0; c < dv; c++) {
                double acc = 0;
                for (int j = 0; j < tk; j++) acc += s[j] / total * v[j * dv + c];
                out[i * dv + c] = (float) acc;
            }
        }
        return out;
    }

    @Test
    void matchesTheDefinitionPerHead() {
        int b = 2, h = 3, t = 5, d = 4, dv = 6;
        float[] q = random(random, b * h * t * d), k = random(random, b * h * t * d), v = random(random, b * h * t * dv);
        float[] mask = random(random, t * t);
        for (int variant = 0; variant < 4; variant++) {
            boolean causal = variant % 2 == 1, masked = variant >= 2;
            try (Scope s = Scope.open()) {
                Tensor out = Tensor.scaledDotProductAttention(tensor(q, b, h, t, d), tensor(k, b, h, t, d),
                        tensor(v, b, h, t, dv), masked ? tensor(mask, t, t) : null, causal);
                assertArrayEquals(new int[] {b, h, t, dv}, out.shape());
                float[] got = out.toFloatArray();
                for (int head = 0; head < b * h; head++) {
                    float[] want = naive(java.util.Arrays.copyOfRange(q, head * t * d, (head + 1) * t * d),
                            java.util.Arrays.copyOfRange(k, head * t * d, (head + 1) * t * d),
                            java.util.Arrays.copyOfRange(v, head * t * dv, (head + 1) * t * dv),
                            masked ? mask : null, causal, t, t, d, dv);
                    for (int e = 0; e < want.length; e++) {
                        assertEquals(want[e], got[head * t * dv + e], 1e-5, "variant " + variant + " head " + head + " element " + e);
                    }
                }
            }
        }
    }

    @Test
    void causalRowsIgnoreLaterKeysAndMatchAnInfiniteMask() {
        try (Scope s = Scope.open()) {
            Tensor q = Tensor.randn(1, 1, 2, 4, 3), k = Tensor.randn(2, 1, 2, 4, 3), v = Tensor.randn(3, 1, 2, 4, 3);
            Tensor w = Tensor.attentionWeights(q, k, null, true);
            float[] p = w.toFloatArray();
            for (int r = 0; r < 8; r++) {
                for (int j = 0; j < 4; j++) if (j > r % 4) assertEquals(0f, p[r * 4 + j], "row " + r + " key " + j);
            }
            // Changing a later key or value leaves earlier outputs unchanged.
            Tensor out = Tensor.scaledDotProductAttention(q, k, v, null, true);
            Tensor v2 = Tensor.concat(2, v.slice(2, 0, 3), v.slice(2, 3, 4).add(5f));
            Tensor out2 = Tensor.scaledDotProductAttention(q, k, v2, null, true);
            assertArrayEquals(out.slice(2, 0, 3).toFloatArray(), out2.slice(2, 0, 3).toFloatArray());
            Tensor inf = Attention.causalMask(q.device(), 4, 4);
            assertArrayEquals(out.toFloatArray(), Tensor.scaledDotProductAttention(q, k, v, inf, false).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void crossAttentionWithMoreKeysThanQueriesAndBroadcastHeads() {
        try (Scope s = Scope.open()) {
            // q [2, 1, 3, 4] against k, v [2, 2, 5, 4]: the query's head axis broadcasts.
            Tensor out = Tensor.scaledDotProductAttention(Tensor.randn(4, 2, 1, 3, 4), Tensor.randn(5, 2, 2, 5, 4),
                    Tensor.randn(6, 2, 2, 5, 7), null, true);
            assertArrayEquals(new int[] {2, 2, 3, 7}, out.shape());
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        Tensor q = Tensor.zeros(1, 3, 4), k = Tensor.zeros(1, 3, 5);
        assertThrows(IllegalArgumentException.class, () -> Tensor.scaledDotProductAttention(q, k, k, null, false));
        Tensor k4 = Tensor.zeros(1, 3, 4), v = Tensor.zeros(1, 2, 4);
        assertThrows(IllegalArgumentException.class, () -> Tensor.scaledDotProductAttention(q, k4, v, null, false));
    }

    @Test
    void permutedHeadsAreCopiedOnceAndTheCopiesFreed() {
        dev.dendrite.device.Device device = new dev.dendrite.javadevice.JavaDevice();
        try (Scope s = Scope.open()) {
            // [B, T, H, d] projections viewed as [B, H, T, d] heads, as MultiheadAttention passes them
            Tensor q = Tensor.randn(device, 1, 2, 5, 3, 4).transpose(1, 2), k = Tensor.randn(device, 2, 2, 5, 3, 4).transpose(1, 2);
            Tensor v = Tensor.randn(device, 3, 2, 5, 3, 4).transpose(1, 2);
            long before = device.memoryStats().liveBuffers();
            try (var off = Tensor.noGrad()) {
                Tensor out = Tensor.scaledDotProductAttention(q, k, v, null, true);
                assertEquals(before + 1, device.memoryStats().liveBuffers(), "without a graph only the output stays");
                out.close();
            }
            // with a graph the copies live until the backward pass has read them, and match the views' gradients
            Tensor ql = Tensor.randn(device, 1, 2, 5, 3, 4).requiresGrad(true);
            Tensor out = Tensor.scaledDotProductAttention(ql.transpose(1, 2), k, v, null, true);
            out.mul(out).sum().backward();
            Tensor qPlain = Tensor.of(device, ql.transpose(1, 2).contiguous().toFloatArray(), 2, 3, 5, 4).requiresGrad(true);
            Tensor out2 = Tensor.scaledDotProductAttention(qPlain, k, v, null, true);
            out2.mul(out2).sum().backward();
            assertArrayEquals(qPlain.grad().toFloatArray(), ql.grad().transpose(1, 2).contiguous().toFloatArray(), 1e-5f);
        }
        assertEquals(0, device.memoryStats().liveBuffers(), "the scope frees the copies with the graph");
        device.close();
    }

    @Test
    void gradientsOfQueriesKeysAndValues() {
        Tensor mask = Tensor.uniform(7, -1f, 1f, 4, 4);
        for (boolean causal : new boolean[] {false, true}) {
            GradCheck.defaults().check("attention causal=" + causal,
                    in -> Tensor.scaledDotProductAttention(in[0], in[1], in[2], causal ? null : mask, causal),
                    Tensor.randn(8, 2, 2, 4, 3), Tensor.randn(9, 2, 2, 4, 3), Tensor.randn(10, 2, 2, 4, 5));
        }
    }
}
