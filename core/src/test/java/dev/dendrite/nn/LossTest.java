package dev.dendrite.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values against formulas evaluated on the host, and their gradients against finite differences. */
class LossTest {
    @Test
    void mseIsTheMeanSquaredDifference() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {1.5f, 0, 3, 1}, 2, 2);
        assertEquals((0.25 + 4 + 0 + 9) / 4, new MSELoss().apply(a, b).item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(a, Tensor.zeros(4)));
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheLabel() {
        float[] logits = {2f, -1f, 0.5f, 0f, 3f, 1f};
        int[] labels = {0, 2};
        double expected = 0;
        for (int r = 0; r < 2; r++) {
            double max = Math.max(logits[3 * r], Math.max(logits[3 * r + 1], logits[3 * r + 2]));
            double z = 0;
            for (int c = 0; c < 3; c++) z += Math.exp(logits[3 * r + c] - max);
            expected += -(logits[3 * r + labels[r]] - max - Math.log(z));
        }
        expected /= 2;
        Tensor loss = new CrossEntropyLoss().apply(Tensor.of(logits, 2, 3), Tensor.of(labels, 2));
        assertEquals(0, loss.rank());
        assertEquals(expected, loss.item(), 1e-6);
        // Huge logits do not overflow.
        assertEquals(0, Losses.crossEntropy(Tensor.of(new float[] {1000f, 0f}, 1, 2), Tensor.of(new int[] {0}, 1)).item(), 1e-6);
        // Sequences: [N, T, C] with [N, T] labels average over every position.
        Tensor seq = Losses.crossEntropy(Tensor.of(logits, 1, 2, 3), Tensor.of(labels, 1, 2));
        assertEquals(expected, seq.item(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.of(logits, 2, 3), Tensor.of(new int[] {0, 1, 2}, 3)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.of(logits, 2, 3), Tensor.of(new float[] {0, 1}, 2)));
    }

    @Test
    void bceWithLogitsIsStableAndExact() {
        float[] x = {-3f, -0.2f, 0f, 0.7f, 50f, -50f};
        float[] y = {0f, 1f, 0.5f, 1f, 0f, 0f};
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            double p = 1 / (1 + Math.exp(-x[i]));
            double term = x[i] == 50f ? 50 : x[i] == -50f ? 0 : -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
            expected += term;
        }
        expected /= x.length;
        assertEquals(expected, new BCEWithLogitsLoss().apply(Tensor.of(x, 6), Tensor.of(y, 6)).item(), 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor target = Tensor.uniform(3, -1, 1, 4, 3);
        GradCheck.defaults().check("mse", in -> Losses.mse(in[0], target), Tensor.uniform(4, -1, 1, 4, 3));
        Tensor labels = Tensor.of(new int[] {2, 0, 1, 2}, 4);
        GradCheck.defaults().check("crossEntropy", in -> Losses.crossEntropy(in[0], labels), Tensor.uniform(5, -2, 2, 4, 3));
        Tensor probs = Tensor.uniform(6, 0, 1, 4, 3);
        GradCheck.defaults().check("bceWithLogits", in -> Losses.bceWithLogits(in[0], probs), Tensor.uniform(7, -3, 3, 4, 3));
    }
}
