package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.D;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import org.junit.jupiter.api.Test;

class CreationTest {

    @Test
    void constantsHaveShapeDtypeAndValues() {
        try (Scope s = Scope.open()) {
            Tensor z = Tensor.zeros(D, 2, 3);
            assertArrayEquals(new int[] {2, 3}, z.shape());
            assertEquals(DType.F32, z.dtype());
            assertEquals(6, z.numel());
            assertArrayEquals(new float[6], z.toFloatArray());
            assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(D, 3).toFloatArray());
            assertArrayEquals(new float[] {2.5f, 2.5f}, Tensor.full(D, 2.5f, 2, 1).toFloatArray());
            Tensor zi = Tensor.zerosInt(D, 4);
            assertEquals(DType.I32, zi.dtype());
            assertArrayEquals(new int[4], zi.toIntArray());
            Tensor sc = Tensor.scalar(D, 7f);
            assertEquals(0, sc.rank());
            assertEquals(1, sc.numel());
            assertEquals(7f, sc.item());
            Tensor empty = Tensor.zeros(D, 0, 3);
            assertEquals(0, empty.numel());
            assertEquals(0, empty.toFloatArray().length);
        }
    }

    @Test
    void rangesAndArrays() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(D, 4).toFloatArray());
            assertArrayEquals(new float[] {1f, 1.5f, 2f, 2.5f}, Tensor.arange(D, 1f, 3f, 0.5f).toFloatArray());
            assertArrayEquals(new float[] {3, 2, 1}, Tensor.arange(D, 3f, 0f, -1f).toFloatArray());
            assertArrayEquals(new int[] {0, 1, 2}, Tensor.arangeInt(D, 3).toIntArray());
            Tensor m = Tensor.of(D, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertArrayEquals(new int[] {2, 3}, m.shape());
            assertEquals(3, m.shape(-1));
            assertArrayEquals(new int[] {3, 1}, m.strides());
            assertTrue(m.isContiguous());
            Tensor rows = Tensor.of(D, new float[][] {{1, 2}, {3, 4}, {5, 6}});
            assertArrayEquals(new int[] {3, 2}, rows.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, rows.toFloatArray());
            Tensor labels = Tensor.of(D, new int[] {3, 1, 4});
            assertEquals(DType.I32, labels.dtype());
            assertArrayEquals(new int[] {3, 1, 4}, labels.toIntArray());
            assertArrayEquals(new float[] {3, 1, 4}, labels.toFloatArray());
        }
    }

    @Test
    void randomTensorsAreSeededAndHaveTheRightMoments() {
        try (Scope s = Scope.open()) {
            float[] a = Tensor.rand(D, 42, 1000).toFloatArray();
            float[] b = Tensor.rand(D, 42, 1000).toFloatArray();
            float[] c = Tensor.rand(D, 43, 1000).toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
            for (float v : a) assertTrue(v >= 0 && v < 1);
            float[] u = Tensor.uniform(D, 1, -3f, -1f, 33, 17).toFloatArray();
            for (float v : u) assertTrue(v >= -3 && v < -1, "uniform value " + v);
            float[] n = Tensor.normal(D, 5, 10f, 2f, 20000).toFloatArray();
            double mean = 0, sq = 0;
            for (float v : n) mean += v;
            mean /= n.length;
            for (float v : n) sq += (v - mean) * (v - mean);
            double std = Math.sqrt(sq / n.length);
            assertEquals(10.0, mean, 0.1);
            assertEquals(2.0, std, 0.1);
            assertEquals(1000, Tensor.randn(D, 1, 10, 100).numel());
        }
    }

    @Test
    void creationRejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 2, -1));
        assertTrue(e.getMessage().contains("negative") && e.getMessage().contains("[2, -1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(D, new float[] {1, 2, 3}, 2, 2));
        assertEquals("of: 3 values cannot fill shape [2, 2] (4 elements)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(D, new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 has 1 values, expected 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(D, 0f, 1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(D, 1, 2f, 1f, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(D, 1, 0f, -1f, 3));
    }
}
