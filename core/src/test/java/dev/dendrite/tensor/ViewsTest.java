package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Views against index arithmetic written out in the test; views must share storage. */
class ViewsTest {
    final Random random = new Random(7);

    /** 0..n-1 in the given shape: each value tells where it came from. */
    static Tensor iota(int... shape) {
        float[] v = new float[numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return tensor(v, shape);
    }

    @Test
    void permuteAndTransposeMoveAxesWithoutCopying() {
        try (Scope s = Scope.open()) {
            int[] shape = {3, 17, 2};
            Tensor x = iota(shape);
            Tensor p = x.permute(2, 0, 1);
            assertArrayEquals(new int[] {2, 3, 17}, p.shape());
            assertSame(x.buffer(), p.buffer());
            assertFalse(p.isContiguous());
            float[] got = p.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                int[] idx = unravel(i, p.shape());
                assertEquals(ravel(new int[] {idx[1], idx[2], idx[0]}, shape), got[i]);
            }
            Tensor t = iota(33, 5).t();
            float[] tv = t.toFloatArray();
            for (int r = 0; r < 5; r++) for (int c = 0; c < 33; c++) assertEquals(c * 5 + r, tv[r * 33 + c]);
            assertArrayEquals(new int[] {17, 2, 3}, x.transpose(0, -2).transpose(1, 2).shape());
        }
    }

    @Test
    void sliceSelectNarrowPickTheRightElements() {
        try (Scope s = Scope.open()) {
            Tensor x = iota(129, 3);
            Tensor sl = x.slice(0, 5, 100, 7);
            assertEquals(14, sl.shape(0)); // 5, 12, ..., 96
            float[] v = sl.toFloatArray();
            for (int i = 0; i < 14; i++) for (int c = 0; c < 3; c++) assertEquals((5 + 7 * i) * 3 + c, v[i * 3 + c]);
            assertArrayEquals(new float[] {384, 385, 386}, x.slice(0, -1, 1000).toFloatArray()); // clamped like Python
            assertEquals(0, x.slice(0, 50, 10).numel());
            Tensor col = x.select(1, 2);
            assertArrayEquals(new int[] {129}, col.shape());
            assertEquals(3 * 7 + 2, col.toFloatArray()[7]);
            assertEquals(3 * 128 + 1, x.select(0, -1).select(0, 1).item());
            Tensor n = x.narrow(0, 3, 2);
            assertArrayEquals(new float[] {9, 10, 11, 12, 13, 14}, n.toFloatArray());
        }
    }

    @Test
    void reshapeViewsWhenItCanAndCopiesWhenItMust() {
        try (Scope s = Scope.open()) {
            Tensor x = iota(4, 6);
            Tensor r = x.reshape(2, -1, 3);
            assertArrayEquals(new int[] {2, 4, 3}, r.shape());
            assertSame(x.buffer(), r.buffer());
            Tensor t = x.t(); // [6, 4], not contiguous
            Tensor flat = t.reshape(-1);
            assertNotSame(x.buffer(), flat.buffer());
            float[] f = flat.toFloatArray();
            for (int i = 0; i < 24; i++) assertEquals((i % 4) * 6 + i / 4, f[i]);
            // splitting an axis of a transposed tensor is still a view
            Tensor split = t.reshape(2, 3, 4);
            assertSame(x.buffer(), split.buffer());
            assertArrayEquals(t.toFloatArray(), split.toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(24));
            assertTrue(e.getMessage().startsWith("view: a tensor of shape [6, 4]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> x.reshape());
            assertEquals(0, iota(1, 1).reshape().rank());
        }
    }

    @Test
    void expandSqueezeUnsqueezeFlatten() {
        try (Scope s = Scope.open()) {
            Tensor x = iota(3, 1);
            Tensor e = x.expand(2, 3, 4);
            assertArrayEquals(new int[] {0, 1, 0}, e.strides());
            float[] ev = e.toFloatArray();
            for (int i = 0; i < 24; i++) assertEquals(unravel(i, new int[] {2, 3, 4})[1], ev[i]);
            assertArrayEquals(new int[] {3, 5}, x.expand(-1, 5).shape());
            assertArrayEquals(new int[] {3}, x.squeeze().shape());
            assertArrayEquals(new int[] {3}, x.squeeze(1).shape());
            assertArrayEquals(new int[] {3, 1}, x.squeeze(0).shape());
            assertArrayEquals(new int[] {1, 3, 1}, x.unsqueeze(0).shape());
            assertArrayEquals(new int[] {3, 1, 1}, x.unsqueeze(-1).shape());
            Tensor y = iota(2, 3, 4, 5);
            assertArrayEquals(new int[] {2, 60}, y.flatten(1).shape());
            assertArrayEquals(new int[] {2, 12, 5}, y.flatten(1, 2).shape());
            assertArrayEquals(new int[] {120}, y.flatten().shape());
            assertArrayEquals(y.toFloatArray(), y.flatten().toFloatArray());
        }
    }

    @Test
    void viewsShareStorageAndContiguousCopiesOnlyWhenNeeded() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(D, 3, 4);
            x.select(0, 1).fill_(5f);
            x.slice(1, 0, 4, 2).add_(1f);
            assertArrayEquals(new float[] {1, 0, 1, 0, 6, 5, 6, 5, 1, 0, 1, 0}, x.toFloatArray());
            Tensor c = x.contiguous();
            assertSame(x.buffer(), c.buffer());
            Tensor tc = x.t().contiguous();
            assertNotSame(x.buffer(), tc.buffer());
            assertTrue(tc.isContiguous());
            Tensor cl = x.clone();
            assertNotSame(x.buffer(), cl.buffer());
            assertArrayEquals(x.toFloatArray(), cl.toFloatArray());
        }
    }

    @Test
    void dtypeConversionAndToDevice() {
        try (Scope s = Scope.open()) {
            Tensor f = tensor(new float[] {1.7f, -2.7f, 3f}, 3);
            assertArrayEquals(new int[] {1, -2, 3}, f.toInt().toIntArray());
            assertArrayEquals(new float[] {1, -2, 3}, f.toInt().toFloat().toFloatArray());
            Tensor same = f.to(D);
            assertSame(f.buffer(), same.buffer());
        }
    }

    @Test
    void randomViewChainsMatchNaiveIndexing() {
        // slice with step, then permute, then expand a unit axis: compare with explicit index maps
        try (Scope s = Scope.open()) {
            for (int[] shape : new int[][] {{17, 1, 33}, {3, 1, 129}, {1, 1, 1}}) {
                float[] data = random(random, numel(shape));
                Tensor x = strided(data, shape);
                Tensor v = x.slice(0, 0, shape[0], 2).permute(2, 1, 0).expand(shape[2], 4, (shape[0] + 1) / 2);
                float[] got = v.toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    int[] idx = unravel(i, v.shape());
                    float want = data[ravel(new int[] {idx[2] * 2, 0, idx[0]}, shape)];
                    assertEquals(want, got[i]);
                }
            }
        }
    }

    @Test
    void viewErrorsNameTheOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = iota(2, 3);
            assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)",
                    assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2)).getMessage());
            assertEquals("permute: axis 0 repeats in [0, 0] (expected a permutation of 0..1)",
                    assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0)).getMessage());
            assertEquals("select: axis 2 is out of range for a tensor of shape [2, 3] (expected -2 to 1)",
                    assertThrows(IllegalArgumentException.class, () -> x.select(2, 0)).getMessage());
            assertEquals("select: index 3 is out of range for axis 1 of size 3 (shape [2, 3])",
                    assertThrows(IllegalArgumentException.class, () -> x.select(1, 3)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> x.expand(4, 3)).getMessage()
                    .startsWith("expand: cannot expand shape [2, 3] to [4, 3]"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> x.narrow(1, 2, 2)).getMessage()
                    .startsWith("narrow: start 2 and length 2 do not fit axis 1 of size 3"));
            assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
            assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 2, 0));
        }
    }
}
