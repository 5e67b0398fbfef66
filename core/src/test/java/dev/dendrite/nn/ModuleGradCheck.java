package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference check of a module's gradients with respect to its input and to every
 * parameter. The output y is reduced to {@code L = sum(y * r)} with fixed random r; for sampled
 * elements, {@code (L(v + eps) - L(v - eps)) / 2 eps} (summed on the host in double) must match
 * the gradient backward() accumulated, within {@code atol + rtol * max(|analytic|, |numeric|)}.
 * Parameters are perturbed in place and restored. Modules with random streams (Dropout) replay
 * the same stream position for every evaluation.
 */
final class ModuleGradCheck {
    private double eps = 1e-2;
    private double atol = 2e-3;
    private double rtol = 2e-2;
    private int maxElements = 24;

    ModuleGradCheck tolerance(double atol, double rtol) {
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    ModuleGradCheck eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Checks {@code module.forward(input)}. */
    void check(Module module, Tensor input) {
        check(module, input, module::forward);
    }

    /** Checks {@code forward(input)}, a function that runs the module (e.g. an LSTM with initial states). */
    void check(Module module, Tensor input, Function<Tensor, Tensor> forward) {
        Map<String, long[]> random = module.randomState();
        boolean inputIsFloat = input.dtype() == DType.F32;
        float[] inputValues = inputIsFloat ? input.toFloatArray() : null;
        float[] weights;
        Map<String, float[]> analytic = new LinkedHashMap<>();
        Map<String, Tensor> params = module.namedParameters();
        module.zeroGrad();
        try (Scope scope = Scope.open()) {
            Tensor x = inputIsFloat ? Tensor.of(input.device(), inputValues, input.shape()).requiresGrad(true) : input;
            module.loadRandomState(random);
            Tensor y = forward.apply(x);
            weights = randomWeights(y.numel());
            y.mul(Tensor.of(y.device(), weights, y.shape())).sum().backward();
            if (inputIsFloat) analytic.put("input", x.grad() == null ? new float[inputValues.length] : x.grad().toFloatArray());
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor g = e.getValue().grad();
                if (g != null && !Arrays.equals(g.shape(), e.getValue().shape())) {
                    throw new AssertionError(e.getKey() + ": grad shape " + Arrays.toString(g.shape()));
                }
                analytic.put(e.getKey(), g == null ? new float[e.getValue().numel()] : g.toFloatArray());
            }
            if (inputIsFloat) x.close();
        }
        module.zeroGrad();

        List<String> failures = new ArrayList<>();
        Random pick = new Random(17);
        for (Map.Entry<String, float[]> e : analytic.entrySet()) {
            String name = e.getKey();
            boolean isInput = name.equals("input");
            Tensor target = isInput ? null : params.get(name);
            float[] values = isInput ? inputValues.clone() : target.toFloatArray();
            float[] original = values.clone();
            for (int j : positions(values.length, pick)) {
                float saved = values[j];
                values[j] = (float) (saved + eps);
                double plus = loss(module, forward, input, isInput, target, values, weights, random);
                values[j] = (float) (saved - eps);
                double minus = loss(module, forward, input, isInput, target, values, weights, random);
                values[j] = saved;
                double step = (double) (float) (saved + eps) - (double) (float) (saved - eps);
                double numeric = (plus - minus) / step;
                double a = e.getValue()[j];
                if (!(Math.abs(a - numeric) <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
                    failures.add(String.format("%s element %d: analytic %.6g, numeric %.6g", name, j, a, numeric));
                }
            }
            if (!isInput) set(target, original);
        }
        module.loadRandomState(random);
        if (!failures.isEmpty()) {
            throw new AssertionError(module.getClass().getSimpleName() + ": " + failures.size() + " gradients off, e.g.\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(8, failures.size()))));
        }
    }

    private static double loss(Module module, Function<Tensor, Tensor> forward, Tensor input, boolean perturbInput,
                               Tensor param, float[] values, float[] weights, Map<String, long[]> random) {
        try (Scope scope = Scope.open(); GradMode off = Autograd.noGrad()) {
            Tensor x = input;
            if (perturbInput) x = Tensor.of(input.device(), values, input.shape());
            else set(param, values);
            module.loadRandomState(random);
            float[] y = forward.apply(x).toFloatArray();
            double sum = 0;
            for (int k = 0; k < y.length; k++) sum += (double) y[k] * weights[k];
            return sum;
        }
    }

    private static void set(Tensor param, float[] values) {
        try (GradMode off = Autograd.noGrad(); Tensor src = Tensor.of(param.device(), values, param.shape())) {
            param.copy_(src);
        }
    }

    private static float[] randomWeights(int n) { return GradCheck.randomWeights(99, n); }

    private int[] positions(int n, Random pick) { return GradCheck.positions(n, maxElements, pick); }
}
