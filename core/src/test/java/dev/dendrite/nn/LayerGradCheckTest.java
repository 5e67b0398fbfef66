package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finite-difference gradient checks of every layer, for its input and each of its parameters. */
class LayerGradCheckTest {
    private final ModuleGradCheck check = new ModuleGradCheck();

    @BeforeEach
    void seed() {
        Init.manualSeed(123);
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.uniform(seed, -1f, 1f, shape);
    }

    /** A shuffled ramp of distinct values spaced 0.05 apart. */
    private static Tensor spread(int n, int... shape) {
        java.util.List<Float> values = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) values.add((i - n / 2) * 0.05f);
        java.util.Collections.shuffle(values, new java.util.Random(n));
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = values.get(i);
        return Tensor.of(a, shape);
    }

    @Test
    void linear() {
        check.check(new Linear(5, 3), input(1, 4, 5));
        check.check(new Linear(4, 2, false), input(2, 2, 3, 4)); // leading batch axes
    }

    @Test
    void conv2d() {
        check.check(new Conv2d(2, 3, 3), input(3, 2, 2, 5, 6));
        check.check(new Conv2d(2, 2, 3, 2, 1), input(4, 1, 2, 5, 5));
        check.check(Conv2d.builder(4, 6, 3, 2).stride(2, 1).padding(1, 0).dilation(1, 2).groups(2).build(), input(5, 2, 4, 6, 5));
        check.check(Conv2d.builder(3, 3, 3).padding(2).dilation(2).groups(3).bias(false).build(), input(6, 1, 3, 5, 5));
    }

    @Test
    void pooling() {
        // Distinct values 0.05 apart: no two in a window come within eps, so max pooling is differentiable there.
        check.check(new MaxPool2d(2), spread(2 * 2 * 4 * 6, 2, 2, 4, 6));
        check.check(new MaxPool2d(3, 2, 1), spread(2 * 5 * 5, 1, 2, 5, 5));
        check.check(new AvgPool2d(3, 2, 1), input(6, 1, 2, 5, 5));
        check.check(new MaxPool2d(new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 1}), spread(2 * 5 * 6, 1, 2, 5, 6));
        check.check(new AvgPool2d(new int[] {3, 2}, null, new int[] {1, 0}), input(7, 1, 2, 7, 6));
    }

    @Test
    void flattenAndActivations() {
        check.check(new Flatten(), input(7, 2, 3, 2, 2));
        check.check(new Tanh(), input(8, 3, 4));
        check.check(new Sigmoid(), input(9, 3, 4));
        check.check(new GELU(), input(10, 3, 4));
        check.check(new GELU("tanh"), input(10, 3, 4).mul(3f)); // past the bend at |x| ~ 2 too
        check.check(new Softmax(1), input(11, 3, 5));
        // Keep away from the kink at 0.
        Tensor away = input(12, 3, 4).add(Tensor.uniform(13, 0.2f, 0.5f, 3, 4).mul(input(12, 3, 4).sign()));
        check.check(new ReLU(), away);
        check.check(new LeakyReLU(0.1f), away);
    }

    @Test
    void multiheadAttention() {
        var device = dev.dendrite.device.Devices.defaultDevice();
        check.check(new MultiheadAttention(8, 2, 0f, true, true, device).causal(true), input(20, 2, 4, 8));
        // Sequence-first, with dropout on the attention weights (the mask replays, see ModuleGradCheck).
        check.check(new MultiheadAttention(6, 3, 0.25f, true, false, device), input(21, 3, 2, 6));
        // Cross-attention: the query differs from key and value, so each takes its own third of
        // in_proj (self-attention above runs one product with all of it).
        MultiheadAttention cross = new MultiheadAttention(8, 2, 0f, true, true, device);
        Tensor memory = input(22, 2, 3, 8);
        check.check(cross, input(23, 2, 4, 8), x -> cross.forward(x, memory, memory, null, false));
        check.check(cross, input(24, 2, 3, 8), x -> cross.forward(memory, x, x, null, true));
    }

    @Test
    void dropoutWithAFixedMask() {
        check.check(new Dropout(0.3f), input(14, 4, 6));
    }

    @Test
    void batchNorm() {
        check.check(new BatchNorm1d(3), input(15, 6, 3));
        check.check(new BatchNorm1d(2), input(16, 3, 2, 4));
        check.check(new BatchNorm2d(2), input(17, 3, 2, 3, 3));
        BatchNorm2d eval = new BatchNorm2d(2);
        eval.forward(input(18, 4, 2, 3, 3)); // give the running statistics non-trivial values
        eval.eval();
        check.check(eval, input(19, 2, 2, 3, 3));
    }

    @Test
    void layerNorm() {
        check.check(new LayerNorm(5), input(20, 3, 5));
        check.check(new LayerNorm(2, 3), input(21, 2, 2, 3));
    }

    @Test
    void embedding() {
        Tensor idx = Tensor.of(new int[] {0, 3, 3, 1, 4, 0}, 2, 3);
        check.check(new Embedding(5, 4), idx);
    }

    @Test
    void recurrentLayers() {
        check.check(new RNN(3, 4), input(22, 2, 3, 3));
        check.check(new RNN(3, 4, 2, true, dev.dendrite.device.Devices.defaultDevice()), input(23, 2, 3, 3));
        check.check(new GRU(3, 4), input(24, 2, 3, 3));
        LSTM lstm = new LSTM(3, 4, 2, dev.dendrite.device.Devices.defaultDevice());
        check.check(lstm, input(25, 2, 3, 3));
        // Through the initial states and the final h and c too.
        Tensor h0 = input(26, 2, 2, 4);
        Tensor c0 = input(27, 2, 2, 4);
        check.check(lstm, input(28, 2, 3, 3), x -> {
            RecurrentOutput out = lstm.forward(x, h0, c0);
            return Tensor.concat(1, out.output().reshape(2, -1), out.h().permute(1, 0, 2).reshape(2, -1),
                    out.c().permute(1, 0, 2).reshape(2, -1));
        });
    }
}
