package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** numpy.matmul semantics against a triple loop, for plain, transposed, batched and broadcast operands. */
class MatmulTest {
    final Random random = new Random(5);

    /** C = A x B for row-major A [m, k] at aOff and B [k, n] at bOff. */
    static void naive(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                c[cOff + i * n + j] = (float) s;
            }
        }
    }

    static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c];
        return t;
    }

    @Test
    void matricesOfOddSizesPlainAndTransposed() {
        int[] sizes = {1, 3, 17, 33, 129};
        int i = 0;
        for (int m : sizes) {
            for (int n : new int[] {1, 17, 129}) {
                for (int k : new int[] {3, 33}) {
                    i++;
                    try (Scope s = Scope.open()) {
                        float[] a = random(random, m * k), b = random(random, k * n);
                        float[] want = new float[m * n];
                        naive(a, 0, b, 0, want, 0, m, n, k);
                        // A as a transposed view of a [k, m] tensor on odd cases; B likewise on every third
                        Tensor ta = i % 2 == 1 ? tensor(transpose(a, m, k), k, m).t() : tensor(a, m, k);
                        Tensor tb = i % 3 == 0 ? tensor(transpose(b, k, n), n, k).t() : tensor(b, k, n);
                        Tensor c = ta.matmul(tb);
                        assertArrayEquals(new int[] {m, n}, c.shape());
                        assertClose(want, c, 1e-4);
                        // strided (non-matrix-layout) operands are copied and still right
                        assertClose(want, strided(a, m, k).matmul(strided(b, k, n)), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void batchedAndBroadcastLeadingDimensions() {
        int m = 3, k = 17, n = 5;
        int[][][] cases = {
            {{4, m, k}, {4, k, n}},
            {{m, k}, {4, k, n}},
            {{2, 1, m, k}, {3, k, n}},
            {{2, 3, m, k}, {1, 3, k, n}},
            {{1, m, k}, {k, n}},
        };
        for (int[][] c : cases) {
            try (Scope s = Scope.open()) {
                int[] as = c[0], bs = c[1];
                float[] a = random(random, numel(as)), b = random(random, numel(bs));
                Tensor out = tensor(a, as).matmul(tensor(b, bs));
                int[] batch = broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
                int[] outShape = Arrays.copyOf(batch, batch.length + 2);
                outShape[batch.length] = m;
                outShape[batch.length + 1] = n;
                assertArrayEquals(outShape, out.shape());
                float[] want = new float[numel(outShape)];
                for (int bi = 0; bi < numel(batch); bi++) {
                    int[] idx = unravel(bi, batch);
                    naive(a, matrixOffset(as, idx) * m * k, b, matrixOffset(bs, idx) * k * n, want, bi * m * n, m, n, k);
                }
                assertClose(want, out, 1e-4);
            }
        }
    }

    /** Which matrix of an operand with shape {@code s} the broadcast batch index {@code idx} reads. */
    static int matrixOffset(int[] s, int[] idx) {
        int[] batchShape = Arrays.copyOf(s, s.length - 2);
        int lead = idx.length - batchShape.length;
        int flat = 0;
        for (int d = 0; d < batchShape.length; d++) flat = flat * batchShape[d] + (batchShape[d] == 1 ? 0 : idx[d + lead]);
        return flat;
    }

    @Test
    void batchOfTransposedMatrices() {
        try (Scope s = Scope.open()) {
            int b = 3, m = 4, k = 33, n = 2;
            float[] a = random(random, b * k * m); // stored [b, k, m]
            float[] w = random(random, b * k * n);
            Tensor at = tensor(a, b, k, m).transpose(1, 2); // [b, m, k] as a view
            Tensor out = at.matmul(tensor(w, b, k, n));
            float[] want = new float[b * m * n];
            for (int i = 0; i < b; i++) {
                float[] ai = transpose(Arrays.copyOfRange(a, i * k * m, (i + 1) * k * m), k, m);
                naive(ai, 0, w, i * k * n, want, i * m * n, m, n, k);
            }
            assertClose(want, out, 1e-4);
            // batch axis permuted away from the front: [m, b, k] viewed as [b, m, k]
            float[] p = random(random, m * b * k);
            Tensor pv = tensor(p, m, b, k).permute(1, 0, 2);
            float[] pc = pv.toFloatArray();
            float[] want2 = new float[b * m * n];
            for (int i = 0; i < b; i++) naive(pc, i * m * k, w, i * k * n, want2, i * m * n, m, n, k);
            assertClose(want2, pv.matmul(tensor(w, b, k, n)), 1e-4);
        }
    }

    @Test
    void vectorsFollowNumpy() {
        try (Scope s = Scope.open()) {
            float[] v = {1, 2, 3};
            float[] m = {1, 0, 2, 0, 1, 1}; // [3, 2]
            assertEquals(14f, tensor(v, 3).matmul(tensor(v, 3)).item());
            assertEquals(0, tensor(v, 3).matmul(tensor(v, 3)).rank());
            Tensor vm = tensor(v, 3).matmul(tensor(m, 3, 2));
            assertArrayEquals(new int[] {2}, vm.shape());
            assertArrayEquals(new float[] {8, 3}, vm.toFloatArray());
            Tensor mv = tensor(m, 3, 2).t().matmul(tensor(v, 3));
            assertArrayEquals(new float[] {8, 3}, mv.toFloatArray());
            Tensor bv = Tensor.ones(D, 4, 2, 3).matmul(tensor(v, 3));
            assertArrayEquals(new int[] {4, 2}, bv.shape());
            assertArrayEquals(new float[] {6, 6, 6, 6, 6, 6, 6, 6}, bv.toFloatArray());
            assertArrayEquals(new float[6], Tensor.zeros(D, 2, 0).matmul(Tensor.zeros(D, 0, 3)).toFloatArray());
        }
    }

    @Test
    void matmulErrors() {
        try (Scope s = Scope.open()) {
            assertEquals("matmul: shapes [2, 3] and [4, 5] do not fit: the last dimension of the first (3) must equal the second-to-last dimension of the second (4)",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 2, 3).matmul(Tensor.zeros(D, 4, 5))).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> Tensor.zeros(D, 2, 2, 3).matmul(Tensor.zeros(D, 3, 3, 1))).getMessage()
                    .startsWith("matmul: batch dimensions of [2, 2, 3] and [3, 3, 1] cannot be broadcast"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> Tensor.scalar(D, 1f).matmul(Tensor.zeros(D, 3))).getMessage().startsWith("matmul: both operands need at least 1 dimension"));
        }
    }
}
