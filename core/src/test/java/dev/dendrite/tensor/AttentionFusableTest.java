package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which calls take the fused attention path (the conformance package's AttentionPathsTest
 * compares the two paths on every device), and the switch that turns it off.
 */
class AttentionFusableTest {
    @Test void theShapesOfThePathComparisonsTakeTheFusedPath() {
        try (Scope s = Scope.open()) {
            Tensor q = Tensor.zeros(2, 2, 9, 6), k = Tensor.zeros(2, 2, 19, 6), v = Tensor.zeros(2, 2, 19, 5);
            assertTrue(Attention.fusable(q, k, v, null));
            assertTrue(Attention.fusable(q, k, v, Tensor.zeros(9, 19)), "a mask shared by every head");
            assertTrue(Attention.fusable(q, k, v, Tensor.zeros(2, 1, 9, 19)), "per batch, broadcast over heads");
            assertTrue(Attention.fusable(q, k, v, Tensor.zeros(2, 2, 9, 19)), "a full mask");
            Tensor wide = Tensor.zeros(1, 2, 65, 64), keys = Tensor.zeros(1, 2, 129, 64);
            assertTrue(Attention.fusable(wide, keys, keys, null));
        }
    }

    @Test void broadcastHeadsWideHeadsAndLongMasksTakeTheComposition() {
        try (Scope s = Scope.open()) {
            Tensor q = Tensor.zeros(1, 3, 4), k = Tensor.zeros(2, 3, 4);
            assertFalse(Attention.fusable(q, k, k, null), "broadcast leading axes");
            assertFalse(Attention.fusable(k, k, k, Tensor.zeros(5, 2, 3, 3)), "a mask with more axes than q");
            Tensor wide = Tensor.randn(1, 1, 3, 200);
            assertFalse(Attention.fusable(wide, wide, wide, null), "d > MAX_HEAD_DIM");
            assertArrayEquals(new int[] {1, 3, 200}, Tensor.scaledDotProductAttention(wide, wide, wide, null, true).shape());
        }
    }

    @Test void theSwitchSendsEveryCallThroughTheComposition() {
        try (Scope s = Scope.open()) {
            Tensor q = Tensor.randn(1, 2, 5, 3), k = Tensor.randn(2, 2, 7, 3), v = Tensor.randn(3, 2, 7, 4);
            float[] fused = Tensor.scaledDotProductAttention(q, k, v, null, true).toFloatArray();
            Attention.fused = false;
            float[] composed;
            try {
                composed = Tensor.scaledDotProductAttention(q, k, v, null, true).toFloatArray();
            } finally {
                Attention.fused = true;
            }
            assertArrayEquals(composed, fused, 1e-5f);
            assertArrayEquals(composed, Tensor.attentionWeights(q, k, null, true).matmul(v).toFloatArray());
        }
    }
}
