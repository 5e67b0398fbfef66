package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** gather, scatterAdd, indexSelect, concat and stack against explicit index loops. */
class IndexingAndJoiningTest {
    final Random random = new Random(17);

    static int[] randomIndices(Random r, int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(bound);
        return v;
    }

    @Test
    void gatherAndScatterAddAlongEachAxis() {
        int[] shape = {3, 17, 5};
        for (int axis = 0; axis < 3; axis++) {
            try (Scope s = Scope.open()) {
                float[] x = random(random, numel(shape));
                int[] idxShape = shape.clone();
                idxShape[axis] = 4;
                int[] idx = randomIndices(random, numel(idxShape), shape[axis]);
                Tensor index = Tensor.of(D, idx, idxShape);
                Tensor g = either(axis, x, shape).gather(axis, index);
                assertArrayEquals(idxShape, g.shape());
                float[] want = new float[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    int[] p = unravel(i, idxShape);
                    p[axis] = idx[i];
                    want[i] = x[ravel(p, shape)];
                }
                assertClose(want, g, 0);

                float[] src = random(random, idx.length);
                Tensor sa = tensor(x, shape).scatterAdd(axis, index, tensor(src, idxShape));
                float[] wantSa = x.clone();
                for (int i = 0; i < idx.length; i++) {
                    int[] p = unravel(i, idxShape);
                    p[axis] = idx[i];
                    wantSa[ravel(p, shape)] += src[i];
                }
                assertClose(wantSa, sa, 1e-6);
            }
        }
    }

    @Test
    void indexSelectPicksSlices() {
        try (Scope s = Scope.open()) {
            int[] shape = {33, 3};
            float[] x = random(random, numel(shape));
            int[] idx = {5, 0, 32, 5};
            Tensor rows = strided(x, shape).indexSelect(0, Tensor.of(D, idx));
            assertArrayEquals(new int[] {4, 3}, rows.shape());
            float[] want = new float[12];
            for (int i = 0; i < 4; i++) for (int c = 0; c < 3; c++) want[i * 3 + c] = x[idx[i] * 3 + c];
            assertClose(want, rows, 0);
            Tensor cols = tensor(x, shape).indexSelect(1, Tensor.of(D, new int[] {2, 2}));
            float[] wantCols = new float[66];
            for (int r = 0; r < 33; r++) wantCols[2 * r] = wantCols[2 * r + 1] = x[r * 3 + 2];
            assertClose(wantCols, cols, 0);
        }
    }

    @Test
    void indexValuesAreCheckedBeforeTheDevice() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(D, 4, 5);
            assertEquals("gather: index 5 (at position 1 of index shape [4, 1]) is out of range for axis 1 of size 5 (input shape [4, 5])",
                    assertThrows(IllegalArgumentException.class,
                            () -> x.gather(1, Tensor.of(D, new int[] {0, 5, 1, 2}, 4, 1))).getMessage());
            assertEquals("indexSelect: index -1 (at position 0 of index shape [1]) is out of range for axis 0 of size 4 (input shape [4, 5])",
                    assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.of(D, new int[] {-1}))).getMessage());
            assertEquals("gather: expected an int32 tensor, got float32 of shape [4, 1]; convert with toInt()",
                    assertThrows(IllegalArgumentException.class, () -> x.gather(1, Tensor.zeros(D, 4, 1))).getMessage());
            assertEquals("gather: index [3, 1] must have the shape of input [4, 5] except along axis 1",
                    assertThrows(IllegalArgumentException.class, () -> x.gather(1, Tensor.zerosInt(D, 3, 1))).getMessage());
        }
    }

    @Test
    void concatAndStack() {
        try (Scope s = Scope.open()) {
            float[] a = random(random, 2 * 3), b = random(random, 2 * 5), c = random(random, 2 * 1);
            Tensor cat = Tensor.concat(1, tensor(a, 2, 3), strided(b, 2, 5), tensor(c, 2, 1));
            assertArrayEquals(new int[] {2, 9}, cat.shape());
            float[] want = new float[18];
            for (int r = 0; r < 2; r++) {
                System.arraycopy(a, r * 3, want, r * 9, 3);
                System.arraycopy(b, r * 5, want, r * 9 + 3, 5);
                want[r * 9 + 8] = c[r];
            }
            assertClose(want, cat, 0);
            Tensor cat0 = Tensor.concat(0, tensor(a, 2, 3), tensor(a, 2, 3).t().t());
            assertArrayEquals(new int[] {4, 3}, cat0.shape());
            Tensor st = Tensor.stack(1, tensor(a, 2, 3), tensor(a, 2, 3).neg());
            assertArrayEquals(new int[] {2, 2, 3}, st.shape());
            float[] sv = st.toFloatArray();
            for (int r = 0; r < 2; r++) for (int j = 0; j < 3; j++) {
                assertEquals(a[r * 3 + j], sv[r * 6 + j]);
                assertEquals(-a[r * 3 + j], sv[r * 6 + 3 + j]);
            }
            Tensor ints = Tensor.concat(0, Tensor.of(D, new int[] {1, 2}), Tensor.of(D, new int[] {3}));
            assertEquals(DType.I32, ints.dtype());
            assertArrayEquals(new int[] {1, 2, 3}, ints.toIntArray());
            assertArrayEquals(new int[] {3, 2}, Tensor.stack(-1, Tensor.zeros(D, 3), Tensor.ones(D, 3)).shape());
            assertEquals("concat: tensor 1 has shape [3, 3] but tensor 0 has [2, 3]; shapes must match except along axis 1",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.concat(1, Tensor.zeros(D, 2, 3), Tensor.zeros(D, 3, 3))).getMessage());
        }
    }
}
