package dev.dendrite.autograd;

import dev.dendrite.device.DType;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient check: compares the gradients autograd computes with double-sided
 * differences {@code (L(x + eps) - L(x - eps)) / 2 eps}.
 *
 * <p>The function's output {@code y} is reduced to a scalar {@code L = sum(y * r)} with fixed
 * random weights {@code r}, so every output element matters and errors cannot cancel. {@code L}
 * is summed on the host in double from the float32 outputs; since a device computes unchanged
 * elements identically, only the elements the perturbed input touches contribute rounding
 * noise. A gradient passes when {@code |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|)}.
 *
 * <pre>{@code
 * GradCheck.defaults().check("softmax", in -> in[0].softmax(1), Tensor.randn(1, 3, 5));
 * }</pre>
 *
 * Every float32 input is checked (int32 inputs such as indices are passed through). Large inputs
 * are checked at a random subset of {@link #maxElements(int)} positions. Keep inputs away from
 * kinks (relu at 0, ties of max) where the function has no derivative.
 */
public final class GradCheck {
    private double eps = 1e-2;
    private double atol = 2e-3;
    private double rtol = 2e-2;
    private int maxElements = 40;
    private long seed = 0x5EEDL;

    private GradCheck() {}

    /** eps 1e-2, atol 2e-3, rtol 2e-2, at most 40 positions per input. */
    public static GradCheck defaults() { return new GradCheck(); }

    public GradCheck eps(double eps) {
        this.eps = eps;
        return this;
    }

    public GradCheck tolerance(double atol, double rtol) {
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    public GradCheck maxElements(int n) {
        this.maxElements = n;
        return this;
    }

    public GradCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Checks {@code f} at {@code inputs}; throws {@link AssertionError} naming the worst positions
     * when a gradient is off. Returns the largest absolute difference seen. The inputs are
     * copied; they are neither modified nor closed.
     */
    public double check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        float[][] values = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() == DType.F32) values[i] = inputs[i].toFloatArray();
        }
        float[] weights;
        float[][] analytic = new float[inputs.length][];
        try (Scope scope = Scope.open()) {
            Tensor[] leaves = leaves(inputs, values, true);
            Tensor y = f.apply(leaves);
            if (y.dtype() != DType.F32) throw new IllegalArgumentException("gradCheck " + name + ": output must be float32");
            if (!y.requiresGrad()) {
                throw new AssertionError("gradCheck " + name + ": output does not require grad (no graph was recorded)");
            }
            weights = randomWeights(y.numel());
            Tensor r = Tensor.of(y.device(), weights, y.shape());
            y.mul(r).sum().backward();
            for (int i = 0; i < inputs.length; i++) {
                if (values[i] == null) continue;
                Tensor g = leaves[i].grad();
                analytic[i] = g == null ? new float[values[i].length] : g.toFloatArray();
                if (g != null && !Arrays.equals(g.shape(), inputs[i].shape())) {
                    throw new AssertionError("gradCheck " + name + ": grad of input " + i + " has shape "
                            + Arrays.toString(g.shape()) + ", expected " + Arrays.toString(inputs[i].shape()));
                }
            }
            for (Tensor leaf : leaves) leaf.close();
        }
        double worst = 0;
        List<String> failures = new ArrayList<>();
        Random pick = new Random(seed);
        for (int i = 0; i < inputs.length; i++) {
            if (values[i] == null) continue;
            for (int j : positions(values[i].length, pick)) {
                float saved = values[i][j];
                values[i][j] = (float) (saved + eps);
                double plus = loss(f, inputs, values, weights);
                values[i][j] = (float) (saved - eps);
                double minus = loss(f, inputs, values, weights);
                values[i][j] = saved;
                double step = ((double) (float) (saved + eps)) - ((double) (float) (saved - eps));
                double numeric = (plus - minus) / step;
                double a = analytic[i][j];
                double diff = Math.abs(a - numeric);
                worst = Math.max(worst, diff);
                if (!(diff <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
                    failures.add(String.format("input %d %s element %d: analytic %.6g, numeric %.6g",
                            i, Arrays.toString(inputs[i].shape()), j, a, numeric));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("gradCheck " + name + ": " + failures.size() + " gradients off (atol " + atol
                    + ", rtol " + rtol + "), e.g.\n  " + String.join("\n  ", failures.subList(0, Math.min(8, failures.size()))));
        }
        return worst;
    }

    private double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, float[][] values, float[] weights) {
        try (Scope scope = Scope.open(); GradMode off = Autograd.noGrad()) {
            float[] y = f.apply(leaves(inputs, values, false)).toFloatArray();
            double sum = 0;
            for (int k = 0; k < y.length; k++) sum += (double) y[k] * weights[k];
            return sum;
        }
    }

    private static Tensor[] leaves(Tensor[] inputs, float[][] values, boolean grad) {
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (values[i] == null) {
                out[i] = inputs[i].detach();
            } else {
                out[i] = Tensor.of(inputs[i].device(), values[i], inputs[i].shape());
                if (inputs[i].rank() == 0) out[i] = out[i].reshape();
                if (grad) out[i].requiresGrad(true);
            }
        }
        return out;
    }

    private float[] randomWeights(int n) { return randomWeights(seed ^ 0x9E3779B97F4A7C15L, n); }

    /**
     * Weights of magnitude 0.5 to 1.5 with random signs: the checked scalar is {@code sum(w * y)},
     * so no output's gradient is zero or tiny. Shared with checks of whole modules.
     */
    public static float[] randomWeights(long seed, int n) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int k = 0; k < n; k++) w[k] = (float) (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        return w;
    }

    private int[] positions(int n, Random pick) { return positions(n, maxElements, pick); }

    /** Every element index when there are at most {@code max}, else {@code max} random ones. */
    public static int[] positions(int n, int maxElements, Random pick) {
        if (n <= maxElements) {
            int[] all = new int[n];
            for (int k = 0; k < n; k++) all[k] = k;
            return all;
        }
        int[] some = new int[maxElements];
        for (int k = 0; k < maxElements; k++) some[k] = pick.nextInt(n);
        return some;
    }
}
