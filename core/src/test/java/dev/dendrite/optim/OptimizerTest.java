package dev.dendrite.optim;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.io.HostArray;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against its update rule written out on the host from PyTorch's documented
 * algorithm, over several steps with known gradients.
 */
class OptimizerTest {
    static final float[] P0 = {0.5f, -1.2f, 2.0f, 0.03f, -0.7f, 1.1f};
    /** Gradients for steps 1, 2, 3, 4. */
    static final float[][] GRADS = {
            {0.1f, -0.4f, 0.25f, 1.5f, -0.05f, 0f},
            {-0.3f, 0.2f, 0.1f, -1.0f, 0.6f, 0.02f},
            {0.05f, 0.05f, -0.5f, 0.3f, 0.0f, -0.8f},
            {1.0f, -1.0f, 0.5f, 0.0f, 0.2f, 0.4f}};

    static Tensor param() {
        return Tensor.of(P0.clone(), 2, 3).requiresGrad(true);
    }

    /** Gives p exactly the gradient g: backward of sum(p * g). */
    static void setGrad(Tensor p, float[] g) {
        p.zeroGrad();
        try (Scope s = Scope.open()) {
            p.mul(Tensor.of(g, p.shape())).sum().backward();
        }
    }

    /** Runs {@code steps} steps of the optimizer and of the host reference, comparing after each. */
    static void compare(Function<List<Tensor>, Optimizer> make, Reference ref, int steps, String what) {
        Tensor p = param();
        Optimizer opt = make.apply(List.of(p));
        double[] expected = new double[P0.length];
        for (int i = 0; i < P0.length; i++) expected[i] = P0[i];
        for (int s = 0; s < steps; s++) {
            setGrad(p, GRADS[s]);
            opt.step();
            ref.step(expected, GRADS[s], s + 1);
            float[] actual = p.toFloatArray();
            for (int i = 0; i < P0.length; i++) {
                assertEquals(expected[i], actual[i], 2e-6 * (1 + Math.abs(expected[i])), what + " step " + (s + 1) + " element " + i);
            }
        }
        opt.close();
        p.close();
    }

    /** One step of an update rule on the host, keeping its own state. */
    interface Reference {
        void step(double[] p, float[] g, int t);
    }

    @Test
    void plainSgd() {
        compare(ps -> new SGD(ps, 0.1f), (p, g, t) -> {
            for (int i = 0; i < p.length; i++) p[i] -= 0.1 * g[i];
        }, 3, "SGD");
    }

    /** torch.optim.SGD: d = g + wd p; b = t == 1 ? d : mu b + (1 - damp) d; d = nesterov ? d + mu b : b; p -= lr d. */
    static Reference sgdReference(double lr, double mu, double damp, double wd, boolean nesterov) {
        double[] b = new double[P0.length];
        return (p, g, t) -> {
            for (int i = 0; i < p.length; i++) {
                double d = g[i] + wd * p[i];
                b[i] = t == 1 ? d : mu * b[i] + (1 - damp) * d;
                d = nesterov ? d + mu * b[i] : b[i];
                p[i] -= lr * d;
            }
        };
    }

    @Test
    void sgdWithMomentumDampeningWeightDecayAndNesterov() {
        compare(ps -> new SGD(ps, 0.1f, 0.9f), sgdReference(0.1, 0.9, 0, 0, false), 4, "SGD momentum");
        compare(ps -> new SGD(ps, 0.05f, 0.8f, 0.3f, 0.01f, false), sgdReference(0.05, 0.8, 0.3, 0.01, false), 4, "SGD dampening+wd");
        compare(ps -> new SGD(ps, 0.1f, 0.9f, 0f, 0.001f, true), sgdReference(0.1, 0.9, 0, 0.001, true), 4, "SGD Nesterov");
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param()), 0.1f, 0f, 0f, 0f, true));
    }

    /**
     * torch.optim.Adam / AdamW: (AdamW) p *= 1 - lr wd, or (Adam) g += wd p; m = b1 m + (1 - b1) g;
     * v = b2 v + (1 - b2) g^2; p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
     */
    static Reference adamReference(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        double[] m = new double[P0.length];
        double[] v = new double[P0.length];
        return (p, g, t) -> {
            for (int i = 0; i < p.length; i++) {
                double grad = g[i];
                if (decoupled) p[i] *= 1 - lr * wd;
                else grad += wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * grad;
                v[i] = b2 * v[i] + (1 - b2) * grad * grad;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    @Test
    void adamWithBiasCorrection() {
        compare(ps -> new Adam(ps, 0.01f), adamReference(0.01, 0.9, 0.999, 1e-8, 0, false), 4, "Adam");
        compare(ps -> new Adam(ps, 0.02f, 0.8f, 0.99f, 1e-6f, 0.1f), adamReference(0.02, 0.8, 0.99, 1e-6, 0.1, false), 4, "Adam L2");
        // The first step moves every weight with a non-zero gradient by almost exactly lr: bias correction at work.
        Tensor p = param();
        Adam adam = new Adam(List.of(p), 0.01f);
        setGrad(p, GRADS[0]);
        adam.step();
        float[] after = p.toFloatArray();
        for (int i = 0; i < P0.length; i++) {
            if (GRADS[0][i] != 0) assertEquals(0.01, Math.abs(after[i] - P0[i]), 1e-5, "element " + i);
        }
    }

    @Test
    void exemptParametersStepAsIfWeightDecayWereZero() {
        for (boolean sgd : new boolean[] {false, true}) {
            Tensor w = Tensor.uniform(1, -1f, 1f, 2, 3).requiresGrad(true), b = Tensor.uniform(2, -1f, 1f, 3).requiresGrad(true);
            Tensor w0 = w.detach().clone().requiresGrad(true), b0 = b.detach().clone().requiresGrad(true);
            Tensor w1 = w.detach().clone().requiresGrad(true), b1 = b.detach().clone().requiresGrad(true);
            List<Tensor> grouped = List.of(w, b);
            assertEquals(List.of(b), WeightDecay.exempt(grouped));
            Optimizer split = (sgd ? new SGD(grouped, 0.1f, 0.9f, 0f, 0.3f, false) : new AdamW(grouped, 0.1f, 0.9f, 0.999f, 1e-8f, 0.3f))
                    .withoutDecay(WeightDecay.exempt(grouped));
            Optimizer none = sgd ? new SGD(List.of(w0, b0), 0.1f, 0.9f, 0f, 0f, false) : new AdamW(List.of(w0, b0), 0.1f, 0.9f, 0.999f, 1e-8f, 0f);
            Optimizer all = sgd ? new SGD(List.of(w1, b1), 0.1f, 0.9f, 0f, 0.3f, false) : new AdamW(List.of(w1, b1), 0.1f, 0.9f, 0.999f, 1e-8f, 0.3f);
            assertTrue(split.decays(0));
            assertFalse(split.decays(1));
            for (int s = 0; s < 3; s++) {
                for (Tensor[] pair : new Tensor[][] {{w, b}, {w0, b0}, {w1, b1}}) {
                    setGrad(pair[0], java.util.Arrays.copyOf(GRADS[s], 6));
                    setGrad(pair[1], java.util.Arrays.copyOfRange(GRADS[s], 3, 6));
                }
                split.step();
                none.step();
                all.step();
            }
            String name = sgd ? "SGD" : "AdamW";
            assertArrayEquals(w1.toFloatArray(), w.toFloatArray(), name + ": the weight decays as in the all-decay run");
            assertArrayEquals(b0.toFloatArray(), b.toFloatArray(), name + ": the bias steps as with weight_decay 0");
            assertNotEquals(b1.toFloatArray()[0], b.toFloatArray()[0], name + ": and that differs from decaying it");
        }
        Adam adam = new Adam(List.of(param()), 0.1f);
        assertThrows(IllegalArgumentException.class, () -> adam.withoutDecay(List.of(param())));
    }

    @Test
    void adamWDecaysTheWeightsNotTheGradient() {
        compare(ps -> new AdamW(ps, 0.01f), adamReference(0.01, 0.9, 0.999, 1e-8, 0.01, true), 4, "AdamW");
        compare(ps -> new AdamW(ps, 0.05f, 0.9f, 0.999f, 1e-8f, 0.5f), adamReference(0.05, 0.9, 0.999, 1e-8, 0.5, true), 4, "AdamW wd 0.5");
        // With the same settings, Adam's L2 and AdamW's decoupled decay give different weights.
        Tensor a = param();
        Tensor b = param();
        Adam l2 = new Adam(List.of(a), 0.05f, 0.9f, 0.999f, 1e-8f, 0.5f);
        AdamW decoupled = new AdamW(List.of(b), 0.05f, 0.9f, 0.999f, 1e-8f, 0.5f);
        for (int s = 0; s < 3; s++) {
            setGrad(a, GRADS[s]);
            setGrad(b, GRADS[s]);
            l2.step();
            decoupled.step();
        }
        assertNotEquals(a.toFloatArray()[5], b.toFloatArray()[5]);
    }

    /** torch.optim.RMSprop: g += wd p; sq = a sq + (1 - a) g^2; momentum ? (buf = mu buf + g / (sqrt(sq) + eps); p -= lr buf) : p -= lr g / (sqrt(sq) + eps). */
    static Reference rmspropReference(double lr, double alpha, double eps, double wd, double mu) {
        double[] sq = new double[P0.length];
        double[] buf = new double[P0.length];
        return (p, g, t) -> {
            for (int i = 0; i < p.length; i++) {
                double grad = g[i] + wd * p[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * grad * grad;
                double step = grad / (Math.sqrt(sq[i]) + eps);
                if (mu != 0) {
                    buf[i] = mu * buf[i] + step;
                    p[i] -= lr * buf[i];
                } else {
                    p[i] -= lr * step;
                }
            }
        };
    }

    @Test
    void rmsprop() {
        compare(ps -> new RMSprop(ps, 0.01f), rmspropReference(0.01, 0.99, 1e-8, 0, 0), 4, "RMSprop");
        compare(ps -> new RMSprop(ps, 0.01f, 0.9f, 1e-6f, 0.01f, 0.5f), rmspropReference(0.01, 0.9, 1e-6, 0.01, 0.5), 4,
                "RMSprop momentum+wd");
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param();
        Tensor b = param();
        Adam adam = new Adam(List.of(a, b), 0.1f);
        setGrad(a, GRADS[0]);
        adam.step();
        assertArrayEquals(P0, b.toFloatArray(), "no gradient, no change");
        assertEquals("1", adam.stateMetadata().get("state.0.step"));
        assertEquals("0", adam.stateMetadata().get("state.1.step"));
        adam.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void stridedOrFrozenParametersAreRejected() {
        Tensor p = param();
        Tensor view = p.t();
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(view), 0.1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("requires grad"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param()), -1f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(param()), 0.1f, 1f, 0.9f, 1e-8f, 0f));
    }

    @Test
    void savedStateResumesBitForBit() {
        for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                ps -> new SGD(ps, 0.1f, 0.9f, 0f, 0.01f, true),
                ps -> new AdamW(ps, 0.01f),
                ps -> new RMSprop(ps, 0.01f, 0.9f, 1e-8f, 0f, 0.3f))) {
            Tensor p = param();
            Optimizer opt = make.apply(List.of(p));
            for (int s = 0; s < 2; s++) {
                setGrad(p, GRADS[s]);
                opt.step();
            }
            Map<String, HostArray> tensors = StateDicts.toHost(opt.stateTensors());
            Map<String, String> meta = new LinkedHashMap<>(opt.stateMetadata());
            HostArray weights = StateDicts.toHost(p);

            Tensor q = param();
            StateDicts.copyInto(q, weights);
            Optimizer fresh = make.apply(List.of(q));
            fresh.setLr(123f); // loadState restores the saved rate
            fresh.loadState(tensors, meta);
            assertEquals(opt.lr(), fresh.lr());
            setGrad(p, GRADS[2]);
            setGrad(q, GRADS[2]);
            opt.step();
            fresh.step();
            assertArrayEquals(p.toFloatArray(), q.toFloatArray(), opt.name() + ": step 3 after a reload is bit-identical");
        }
    }

    @Test
    void loadStateRejectsMismatchesClearly() {
        Tensor p = param();
        Adam adam = new Adam(List.of(p));
        Map<String, String> meta = new LinkedHashMap<>(adam.stateMetadata());
        Map<String, HostArray> tensors = StateDicts.toHost(adam.stateTensors());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(param()), 0.1f).loadState(tensors, meta));
        assertTrue(wrongType.getMessage().contains("optimizer Adam"), wrongType.getMessage());
        Map<String, HostArray> bad = new LinkedHashMap<>(tensors);
        bad.put("state.0.exp_avg", HostArray.ofFloats(new float[3], 3));
        bad.remove("state.0.exp_avg_sq");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(bad, meta));
        assertTrue(e.getMessage().contains("'state.0.exp_avg' is float32 [3]") && e.getMessage().contains("missing tensor 'state.0.exp_avg_sq'"),
                e.getMessage());
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq"), List.copyOf(adam.stateTensors().keySet()));
    }

    @Test
    void clipGradNormScalesAllGradientsTogether() {
        Tensor a = Tensor.zeros(2).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        Tensor unused = Tensor.zeros(3).requiresGrad(true);
        try (Scope s = Scope.open()) {
            a.mul(Tensor.of(new float[] {3f, 0f}, 2)).sum().add(b.mul(Tensor.of(new float[] {-4f}, 1)).sum()).backward();
        }
        Tensor norm = ClipGrad.clipGradNorm(List.of(a, b, unused), 1f);
        assertEquals(5f, norm.item(), 1e-6f);
        float scale = (float) (1 / (5 + 1e-6));
        assertArrayEquals(new float[] {3 * scale, 0f}, a.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-4 * scale}, b.grad().toFloatArray(), 1e-6f);
        Tensor again = ClipGrad.clipGradNorm(List.of(a, b), 10f);
        assertEquals(1f, again.item(), 1e-5f);
        assertArrayEquals(new float[] {3 * scale, 0f}, a.grad().toFloatArray(), 1e-6f, "below the limit: unchanged");
    }

    @Test
    void scheduleFormulas() {
        LrSchedule step = LrSchedule.step(3, 0.5f);
        assertEquals(0.1f, step.lr(0.1f, 2), 1e-9f);
        assertEquals(0.05f, step.lr(0.1f, 3), 1e-9f);
        assertEquals(0.025f, step.lr(0.1f, 7), 1e-9f);
        LrSchedule cos = LrSchedule.cosine(10, 0.001f);
        assertEquals(0.1f, cos.lr(0.1f, 0), 1e-9f);
        assertEquals((0.001 + 0.099 / 2), cos.lr(0.1f, 5), 1e-7);
        assertEquals(0.001f, cos.lr(0.1f, 10), 1e-9f);
        assertEquals(0.001f, cos.lr(0.1f, 15), 1e-9f);
        LrSchedule warm = LrSchedule.warmup(4, 0.25f, LrSchedule.constant());
        assertEquals(0.025f, warm.lr(0.1f, 0), 1e-8f);
        assertEquals(0.0625f, warm.lr(0.1f, 2), 1e-8f);
        assertEquals(0.1f, warm.lr(0.1f, 4), 1e-8f);
        LrSchedule warmCos = LrSchedule.warmup(2, 0.5f, LrSchedule.cosine(4, 0f));
        assertEquals(0.1f, warmCos.lr(0.1f, 2), 1e-8f);
        assertEquals(0f, warmCos.lr(0.1f, 6), 1e-8f);
    }
}
