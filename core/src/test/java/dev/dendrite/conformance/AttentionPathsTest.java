package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused attention path ({@link Tensor#scaledDotProductAttention}: one Device.attention call
 * and a backward that recomputes the probabilities from its log-sum-exp) against the composition
 * ({@link Tensor#attentionWeights}, then matmul with v: matmul, scale, add, softmax, matmul):
 * outputs and the gradients of q, k, v and the mask, with and without the causal mask, Tq != Tk,
 * odd sizes off the kernels' tiles, masks of every broadcast layout. Every shape here takes the
 * fused path (the tensor package's AttentionFusableTest checks that). A backend runs the same
 * comparisons on its device by overriding {@link #device()} (backends/opencl does).
 */
public class AttentionPathsTest {
    /** The device both paths run on. */
    protected Device device() {
        return Devices.java();
    }

    /** Mask layouts: none, [Tq, Tk], [B, 1, Tq, Tk] (not one batch stride: a dense copy), full and needing a gradient. */
    enum MaskKind { NONE, SHARED, PER_BATCH, FULL_WITH_GRAD }

    private record Result(float[] out, List<float[]> grads) {}

    private Result run(boolean fused, int[] lead, int tq, int tk, int d, int dv, boolean causal, MaskKind maskKind, long seed) {
        try (Scope s = Scope.open()) {
            Device dev = device();
            Random r = new Random(seed);
            Tensor q = leaf(dev, r, cat(lead, tq, d));
            Tensor k = leaf(dev, r, cat(lead, tk, d));
            Tensor v = leaf(dev, r, cat(lead, tk, dv));
            Tensor mask = switch (maskKind) {
                case NONE -> null;
                case SHARED -> leaf(dev, r, new int[] {tq, tk}).requiresGrad(false);
                case PER_BATCH -> leaf(dev, r, new int[] {lead[0], 1, tq, tk}).requiresGrad(false);
                case FULL_WITH_GRAD -> leaf(dev, r, cat(lead, tq, tk));
            };
            Tensor out = fused ? Tensor.scaledDotProductAttention(q, k, v, mask, causal)
                    : Tensor.attentionWeights(q, k, mask, causal).matmul(v);
            Tensor w = leaf(dev, r, out.shape()).requiresGrad(false);
            out.mul(w).sum().backward();
            List<float[]> grads = new ArrayList<>();
            for (Tensor t : new Tensor[] {q, k, v, mask}) {
                if (t != null && t.requiresGrad()) grads.add(t.grad().toFloatArray());
            }
            return new Result(out.toFloatArray(), grads);
        }
    }

    private static Tensor leaf(Device dev, Random r, int[] shape) {
        float[] x = new float[Math.toIntExact(java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        return Tensor.of(dev, x, shape).requiresGrad(true);
    }

    private static int[] cat(int[] lead, int a, int b) {
        int[] s = java.util.Arrays.copyOf(lead, lead.length + 2);
        s[lead.length] = a;
        s[lead.length + 1] = b;
        return s;
    }

    private void compare(int[] lead, int tq, int tk, int d, int dv, boolean causal, MaskKind mask) {
        String what = java.util.Arrays.toString(lead) + " tq " + tq + " tk " + tk + " d " + d + " dv " + dv
                + (causal ? " causal" : "") + " mask " + mask + " on " + device().name();
        long seed = what.hashCode();
        Result fused = run(true, lead, tq, tk, d, dv, causal, mask, seed);
        Result composed = run(false, lead, tq, tk, d, dv, causal, mask, seed);
        assertArrayEquals(composed.out, fused.out, 2e-5f, what + ": output");
        assertEquals(composed.grads.size(), fused.grads.size(), what);
        String[] names = {"q", "k", "v", "mask"};
        for (int g = 0; g < fused.grads.size(); g++) {
            assertArrayEquals(composed.grads.get(g), fused.grads.get(g), 1e-4f, what + ": gradient of " + names[g]);
        }
    }

    @Test void plainAndCausalOnOddSizes() {
        compare(new int[] {2, 3}, 5, 5, 4, 6, false, MaskKind.NONE);
        compare(new int[] {2, 3}, 17, 17, 5, 3, true, MaskKind.NONE);
        compare(new int[] {3}, 33, 33, 7, 7, true, MaskKind.NONE);
    }

    @Test void queriesAndKeysOfDifferentLengths() {
        compare(new int[] {2}, 3, 37, 5, 2, false, MaskKind.NONE);
        compare(new int[] {2}, 3, 37, 5, 2, true, MaskKind.NONE);
        compare(new int[] {2}, 40, 17, 3, 9, true, MaskKind.NONE);
    }

    @Test void additiveMasks() {
        compare(new int[] {2, 2}, 9, 19, 6, 5, false, MaskKind.SHARED);
        compare(new int[] {2, 2}, 9, 19, 6, 5, true, MaskKind.PER_BATCH);
        compare(new int[] {2, 2}, 17, 17, 3, 4, false, MaskKind.FULL_WITH_GRAD);
        compare(new int[] {2, 2}, 17, 17, 3, 4, true, MaskKind.FULL_WITH_GRAD);
    }

    @Test void aWideHeadAndALongSequence() {
        compare(new int[] {1, 2}, 65, 129, 64, 64, true, MaskKind.NONE);
    }

    @Test void gradientsOfTheFusedPathAgainstFiniteDifferences() {
        Device dev = device();
        Tensor mask = Tensor.uniform(dev, 7, -1f, 1f, 5, 6);
        for (boolean causal : new boolean[] {false, true}) {
            GradCheck.defaults().check("fused attention causal=" + causal,
                    in -> Tensor.scaledDotProductAttention(in[0], in[1], in[2], causal ? null : mask, causal),
                    Tensor.randn(dev, 8, 2, 2, 5, 3), Tensor.randn(dev, 9, 2, 2, 6, 3), Tensor.randn(dev, 10, 2, 2, 6, 5));
        }
    }
}
