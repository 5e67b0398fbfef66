package dev.dendrite.nn;

import static dev.dendrite.nn.Ref.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every layer's forward pass against plain loops written from PyTorch's definitions. */
class LayerForwardTest {
    @BeforeEach
    void seed() {
        Init.manualSeed(7);
    }

    @Test
    void linearMatchesLoops() {
        Linear l = new Linear(5, 3);
        float[] x = Ref.random(1, 4 * 5);
        float[] expected = Ref.linear(x, 4, 5, l.weight.toFloatArray(), l.bias.toFloatArray(), 3);
        assertClose(expected, l.forward(Tensor.of(x, 4, 5)), 1e-5, "Linear");
        Linear noBias = new Linear(5, 2, false);
        assertNull(noBias.bias);
        assertClose(Ref.linear(x, 4, 5, noBias.weight.toFloatArray(), null, 2), noBias.forward(Tensor.of(x, 4, 5)), 1e-5, "no bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("Linear(5 -> 3)") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void conv2dMatchesLoops() {
        for (int[] cfg : new int[][] {{3, 1, 0}, {3, 2, 1}, {5, 1, 2}, {1, 1, 0}}) {
            int k = cfg[0], stride = cfg[1], pad = cfg[2];
            Conv2d conv = new Conv2d(2, 3, k, stride, pad);
            float[] x = Ref.random(k, 2 * 2 * 7 * 6);
            float[] expected = Ref.conv2d(x, 2, 2, 7, 6, conv.weight.toFloatArray(), conv.bias.toFloatArray(), 3, k, stride, pad);
            assertClose(expected, conv.forward(Tensor.of(x, 2, 2, 7, 6)), 1e-5, "Conv2d k" + k + " s" + stride + " p" + pad);
        }
        Conv2d conv = new Conv2d(3, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 2, 5, 5)));
    }

    @Test
    void conv2dSettingsAreKeptAndPrintedAsPyTorchPrintsThem() {
        Conv2d depthwise = Conv2d.builder(6, 12, 3, 5).stride(2, 1).padding(0, 2).dilation(2, 1).groups(6).bias(false).build();
        assertArrayEquals(new int[] {12, 1, 3, 5}, depthwise.weight.shape());
        assertEquals("Conv2d(6, 12, kernel_size=(3, 5), stride=(2, 1), padding=(0, 2), dilation=(2, 1), groups=6, bias=False)",
                depthwise.toString());
        assertEquals("Conv2d(2, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))", new Conv2d(2, 3, 3, 2, 1).toString());
        // PyTorch's bound: 1/sqrt(fan_in) with fan_in = in/groups * kH * kW = 1 * 15
        float bound = (float) (1 / Math.sqrt(15));
        for (float v : depthwise.weight.toFloatArray()) assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
        assertEquals(6, new Conv2d(6, 12, 3, 1, 0).weight.shape()[1]);
    }

    @Test
    void conv2dRefusesGroupsThatDoNotDivideTheChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(6, 8, 3).groups(4).build());
        assertEquals("Conv2d: groups=4 must divide in_channels=6 and out_channels=8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(4, 4, 3).dilation(0, 1).build());
        assertTrue(e.getMessage().startsWith("Conv2d: invalid settings") && e.getMessage().contains("dilation=(0, 1)"), e.getMessage());
    }

    @Test
    void rectangularPoolingWindowsMatchLoopsOnEachAxis() {
        // A k x 1 window pools rows only and a 1 x k window columns only: each is the square case's loop on one axis.
        float[] x = Ref.random(4, 2 * 3 * 7 * 7);
        Tensor t = Tensor.of(x, 2, 3, 7, 7);
        MaxPool2d rows = new MaxPool2d(new int[] {2, 1}, null, new int[] {0, 0});
        Tensor pooled = rows.forward(t);
        assertArrayEquals(new int[] {2, 3, 3, 7}, pooled.shape());
        float[] got = pooled.toFloatArray();
        for (int p = 0; p < 6; p++)
            for (int oh = 0; oh < 3; oh++)
                for (int w = 0; w < 7; w++) {
                    float want = Math.max(x[(p * 7 + 2 * oh) * 7 + w], x[(p * 7 + 2 * oh + 1) * 7 + w]);
                    assertEquals(want, got[(p * 3 + oh) * 7 + w], 0f);
                }
        assertEquals("MaxPool2d(kernel_size=(2, 1), stride=(2, 1), padding=0)", rows.toString());
        AvgPool2d cols = new AvgPool2d(new int[] {1, 3}, new int[] {1, 2}, new int[] {0, 1});
        assertArrayEquals(new int[] {2, 3, 7, 4}, cols.forward(t).shape());
        assertEquals("AvgPool2d(kernel_size=(1, 3), stride=(1, 2), padding=(0, 1))", cols.toString());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(new int[] {2}, null, new int[] {0, 0}));
    }

    @Test
    void poolingMatchesLoops() {
        float[] x = Ref.random(3, 2 * 3 * 7 * 7);
        Tensor t = Tensor.of(x, 2, 3, 7, 7);
        assertClose(Ref.pool(x, 6, 7, 7, 2, 2, 0, true), new MaxPool2d(2).forward(t), 0, "MaxPool2d(2)");
        assertClose(Ref.pool(x, 6, 7, 7, 3, 2, 1, true), new MaxPool2d(3, 2, 1).forward(t), 0, "MaxPool2d(3, 2, 1)");
        assertClose(Ref.pool(x, 6, 7, 7, 2, 2, 0, false), new AvgPool2d(2).forward(t), 1e-6, "AvgPool2d(2)");
        assertClose(Ref.pool(x, 6, 7, 7, 3, 1, 1, false), new AvgPool2d(3, 1, 1).forward(t), 1e-6, "AvgPool2d(3, 1, 1)");
    }

    @Test
    void batchNormFollowsPyTorchSemantics() {
        int n = 4, c = 3, hw = 5;
        BatchNorm2d bn = new BatchNorm2d(c);
        try (var g = Tensor.noGrad()) {
            bn.weight.copy_(Tensor.of(new float[] {1.5f, -0.5f, 2f}, 3));
            bn.bias.copy_(Tensor.of(new float[] {0.1f, 0.2f, -0.3f}, 3));
        }
        double[] runMean = {0, 0, 0};
        double[] runVar = {1, 1, 1};
        float[] w = bn.weight.toFloatArray();
        float[] b = bn.bias.toFloatArray();
        for (int step = 0; step < 2; step++) {
            float[] x = Ref.random(10 + step, n * c * hw);
            for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 1; // mean ~1, var ~3
            float[] expected = new float[x.length];
            for (int ch = 0; ch < c; ch++) {
                double sum = 0, sq = 0;
                int count = n * hw;
                for (int bi = 0; bi < n; bi++) for (int k = 0; k < hw; k++) sum += x[(bi * c + ch) * hw + k];
                double mean = sum / count;
                for (int bi = 0; bi < n; bi++) for (int k = 0; k < hw; k++) sq += Math.pow(x[(bi * c + ch) * hw + k] - mean, 2);
                double biased = sq / count;
                double unbiased = sq / (count - 1);
                for (int bi = 0; bi < n; bi++)
                    for (int k = 0; k < hw; k++) {
                        int idx = (bi * c + ch) * hw + k;
                        expected[idx] = (float) ((x[idx] - mean) / Math.sqrt(biased + 1e-5) * w[ch] + b[ch]);
                    }
                runMean[ch] = 0.9 * runMean[ch] + 0.1 * mean;
                runVar[ch] = 0.9 * runVar[ch] + 0.1 * unbiased;
            }
            assertClose(expected, bn.forward(Tensor.of(x, n, c, 1, hw)), 1e-4, "BatchNorm2d training step " + step);
        }
        assertClose(Ref.toFloat(runMean), bn.runningMean, 1e-5, "running_mean");
        assertClose(Ref.toFloat(runVar), bn.runningVar, 1e-5, "running_var (unbiased)");
        assertArrayEquals(new int[] {2}, bn.numBatchesTracked.toIntArray());

        bn.eval();
        float[] x = Ref.random(20, 2 * c * hw);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / hw) % c;
            expected[i] = (float) ((x[i] - runMean[ch]) / Math.sqrt(runVar[ch] + 1e-5) * w[ch] + b[ch]);
        }
        assertClose(expected, bn.forward(Tensor.of(x, 2, c, 1, hw)), 1e-4, "BatchNorm2d eval");
        assertArrayEquals(new int[] {2}, bn.numBatchesTracked.toIntArray(), "eval does not count batches");
        assertClose(Ref.toFloat(runMean), bn.runningMean, 1e-5, "eval leaves running stats alone");
    }

    @Test
    void batchNorm1dAcceptsTwoAndThreeAxes() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor y = bn.forward(Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2));
        // Column 0: mean 3, biased var 8/3; column 1: mean 20, var 200/3.
        float[] expected = {(float) (-2 / Math.sqrt(8 / 3.0 + 1e-5)), (float) (-10 / Math.sqrt(200 / 3.0 + 1e-5)), 0, 0,
                (float) (2 / Math.sqrt(8 / 3.0 + 1e-5)), (float) (10 / Math.sqrt(200 / 3.0 + 1e-5))};
        assertClose(expected, y, 1e-5, "BatchNorm1d [N, C]");
        assertClose(new float[] {0.3f, 2f}, bn.runningMean, 1e-6, "running mean");
        assertClose(new float[] {0.9f + 0.1f * 4, 0.9f + 0.1f * 100}, bn.runningVar, 1e-5, "running var");
        assertEquals(3, bn.forward(Tensor.zeros(2, 2, 4)).rank());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 2)), "one value per channel");
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 3)), "wrong channel count");
    }

    @Test
    void layerNormNormalisesTheLastAxes() {
        LayerNorm ln = new LayerNorm(2, 3);
        try (var g = Tensor.noGrad()) {
            ln.weight.copy_(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            ln.bias.copy_(Tensor.full(0.5f, 2, 3));
        }
        float[] x = Ref.random(30, 4 * 6);
        float[] expected = new float[x.length];
        for (int r = 0; r < 4; r++) {
            double mean = 0, var = 0;
            for (int k = 0; k < 6; k++) mean += x[r * 6 + k] / 6.0;
            for (int k = 0; k < 6; k++) var += Math.pow(x[r * 6 + k] - mean, 2) / 6.0;
            for (int k = 0; k < 6; k++) expected[r * 6 + k] = (float) ((x[r * 6 + k] - mean) / Math.sqrt(var + 1e-5) * (k + 1) + 0.5);
        }
        assertClose(expected, ln.forward(Tensor.of(x, 4, 2, 3)), 1e-4, "LayerNorm");
        assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(4, 3, 2)));
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(5, 3);
        float[] w = e.weight.toFloatArray();
        Tensor out = e.forward(Tensor.of(new int[] {4, 0, 4, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, out.shape());
        float[] o = out.toFloatArray();
        int[] rows = {4, 0, 4, 2};
        for (int i = 0; i < 4; i++) for (int k = 0; k < 3; k++) assertEquals(w[rows[i] * 3 + k], o[i * 3 + k]);
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2)));
    }

    @Test
    void recurrentLayersFollowPyTorchEquationsAndGateOrder() {
        int batch = 2, seq = 4, in = 3, hidden = 5;
        float[] x = Ref.random(40, batch * seq * in);
        Recurrent[] layers = {new RNN(in, hidden), new GRU(in, hidden), new LSTM(in, hidden)};
        int[] gates = {1, 3, 4};
        for (int l = 0; l < layers.length; l++) {
            Recurrent layer = layers[l];
            var sd = layer.stateDict();
            assertArrayEquals(new int[] {gates[l] * hidden, in}, sd.get("weight_ih_l0").shape());
            double[][] ref = Ref.recurrent(gates[l], x, batch, seq, in, hidden, sd.get("weight_ih_l0").toFloatArray(),
                    sd.get("weight_hh_l0").toFloatArray(), sd.get("bias_ih_l0").toFloatArray(), sd.get("bias_hh_l0").toFloatArray());
            RecurrentOutput out = layer.forward(Tensor.of(x, batch, seq, in), null, null);
            String name = layer.getClass().getSimpleName();
            assertArrayEquals(new int[] {batch, seq, hidden}, out.output().shape());
            assertArrayEquals(new int[] {1, batch, hidden}, out.h().shape());
            assertClose(Ref.toFloat(ref[0]), out.output(), 1e-5, name + " output");
            assertClose(Ref.toFloat(ref[1]), out.h(), 1e-5, name + " h_n");
            if (layer instanceof LSTM) assertClose(Ref.toFloat(ref[2]), out.c(), 1e-5, name + " c_n");
            else assertNull(out.c());
        }
    }

    @Test
    void stackedLstmFeedsEachLayerTheOneBelow() {
        LSTM lstm = new LSTM(3, 4, 2, Devices.defaultDevice());
        float[] x = Ref.random(41, 2 * 3 * 3);
        var sd = lstm.stateDict();
        double[][] first = Ref.recurrent(4, x, 2, 3, 3, 4, sd.get("weight_ih_l0").toFloatArray(), sd.get("weight_hh_l0").toFloatArray(),
                sd.get("bias_ih_l0").toFloatArray(), sd.get("bias_hh_l0").toFloatArray());
        double[][] second = Ref.recurrent(4, Ref.toFloat(first[0]), 2, 3, 4, 4, sd.get("weight_ih_l1").toFloatArray(),
                sd.get("weight_hh_l1").toFloatArray(), sd.get("bias_ih_l1").toFloatArray(), sd.get("bias_hh_l1").toFloatArray());
        RecurrentOutput out = lstm.forward(Tensor.of(x, 2, 3, 3), null, null);
        assertClose(Ref.toFloat(second[0]), out.output(), 1e-5, "top layer output");
        float[] h = out.h().toFloatArray();
        float[] expectedH = new float[16];
        System.arraycopy(Ref.toFloat(first[1]), 0, expectedH, 0, 8);
        System.arraycopy(Ref.toFloat(second[1]), 0, expectedH, 8, 8);
        assertClose(expectedH, h, 1e-5, "h_n of both layers");
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 3, 3), Tensor.zeros(1, 2, 4), null));
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4).forward(Tensor.zeros(2, 3, 3), null, Tensor.zeros(1, 2, 4)));
    }

    @Test
    void dropoutDropsScalesAndReplays() {
        Dropout d = new Dropout(0.25f);
        var start = d.randomState();
        Tensor ones = Tensor.ones(100, 100);
        float[] a = d.forward(ones).toFloatArray();
        int zeros = 0;
        for (float v : a) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.75f, v, 1e-6f);
        }
        assertEquals(2500, zeros, 200, "about a quarter dropped");
        float[] b = d.forward(ones).toFloatArray();
        assertFalse(java.util.Arrays.equals(a, b), "each call draws a new mask");
        d.loadRandomState(start);
        assertArrayEquals(a, d.forward(ones).toFloatArray(), "the same stream position gives the same mask");
        d.eval();
        assertArrayEquals(ones.toFloatArray(), d.forward(ones).toFloatArray(), "identity in eval mode");
        d.train();
        assertArrayEquals(new float[4], new Dropout(1f).forward(Tensor.ones(4)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
    }

    @Test
    void activations() {
        Tensor x = Tensor.of(new float[] {-2f, -0.5f, 0f, 1f, 3f}, 5);
        assertClose(new float[] {0, 0, 0, 1, 3}, new ReLU().forward(x), 0, "ReLU");
        assertClose(new float[] {-0.02f, -0.005f, 0, 1, 3}, new LeakyReLU().forward(x), 1e-7, "LeakyReLU");
        assertClose(new float[] {-0.4f, -0.1f, 0, 1, 3}, new LeakyReLU(0.2f).forward(x), 1e-7, "LeakyReLU(0.2)");
        float[] sig = new float[5], tanh = new float[5];
        float[] xs = x.toFloatArray();
        for (int i = 0; i < 5; i++) {
            sig[i] = (float) Ref.sigmoid(xs[i]);
            tanh[i] = (float) Math.tanh(xs[i]);
        }
        assertClose(sig, new Sigmoid().forward(x), 1e-6, "Sigmoid");
        assertClose(tanh, new Tanh().forward(x), 1e-6, "Tanh");
        // Exact GELU: x * Phi(x); Phi(1) = 0.8413447460685429, Phi(-2) = 0.022750131948179195.
        assertClose(new float[] {(float) (-2 * 0.022750131948179195), (float) (-0.5 * 0.3085375387259869), 0,
                0.8413447460685429f, (float) (3 * 0.9986501019683699)}, new GELU().forward(x), 1e-6, "GELU");
        // PyTorch's gelu(x, approximate="tanh") in float64 at the same points.
        assertClose(new float[] {-0.04540230591222494f, -0.15428599017485606f, 0, 0.8411919906082768f, 2.996362607918227f},
                new GELU("tanh").forward(x), 1e-6, "GELU(approximate='tanh')");
        Tensor s = new Softmax(1).forward(Tensor.of(new float[] {1, 2, 3, 1, 1, 1}, 2, 3));
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertClose(new float[] {(float) (Math.exp(1) / e), (float) (Math.exp(2) / e), (float) (Math.exp(3) / e), 1 / 3f, 1 / 3f, 1 / 3f},
                s, 1e-6, "Softmax");
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(Tensor.zeros(2, 3, 2, 2)).shape());
        assertArrayEquals(new int[] {2, 3, 4}, new Flatten(2).forward(Tensor.zeros(2, 3, 2, 2)).shape());
    }
}
