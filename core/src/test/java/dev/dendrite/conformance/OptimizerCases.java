package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.OPTIMIZER;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The fused optimizer updates, each run for several steps with a fresh gradient per step, checking
 * the parameters and every state buffer: SGD plain, with momentum (the first step copies the
 * gradient into the velocity, whatever the velocity held), Nesterov, dampening and weight decay;
 * Adam with and without L2 weight decay and AdamW (decoupled), bias correction over steps 1..4;
 * RMSprop with and without momentum. Counts 129, 33, 17, 1, 0 and 70,001; state buffers have a guard the
 * update must not touch.
 */
final class OptimizerCases {
    private OptimizerCases() {}

    /** Past 2^16 elements, where a device may split the update across threads. */
    private static final int LARGE = 70_001;

    static List<ConformanceCase> sgd() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(sgdCase("plain", 129, 3, 0.1f, 0f, 0f, 0f, false, true));
        cases.add(sgdCase("momentum", 129, 3, 0.1f, 0.9f, 0f, 0f, false, true));
        cases.add(sgdCase("nesterov + weight decay", 33, 3, 0.05f, 0.9f, 0f, 0.01f, true, true));
        cases.add(sgdCase("momentum + dampening + weight decay, resumed", 17, 2, 0.1f, 0.5f, 0.1f, 0.05f, false, false));
        cases.add(sgdCase("plain + weight decay", 1, 2, 0.1f, 0f, 0f, 0.1f, false, true));
        cases.add(sgdCase("momentum", 0, 1, 0.1f, 0.9f, 0f, 0f, false, true));
        cases.add(sgdCase("nesterov + weight decay", LARGE, 2, 0.05f, 0.9f, 0f, 0.01f, true, true));
        return cases;
    }

    /**
     * {@code steps} SGD steps; when {@code fromFirstStep} the first passes firstStep = true (the velocity
     * holds garbage that must be ignored), otherwise the velocity is resumed from earlier training.
     */
    private static ConformanceCase sgdCase(String label, int count, int steps, float lr, float momentum, float dampening,
                                           float weightDecay, boolean nesterov, boolean fromFirstStep) {
        OpCase c = new OpCase("sgdUpdate " + label + " count " + count + " x" + steps + " steps"
                + " (lr " + lr + ", momentum " + momentum + ", dampening " + dampening + ", weight decay " + weightDecay + ")");
        int[] shape = {count};
        boolean hasVelocity = momentum != 0;
        c.inout("param", c.sample(Domain.UNIT, count), shape, OPTIMIZER, 1);
        if (hasVelocity) c.inout("velocity", c.sample(Domain.UNIT, count), shape, OPTIMIZER, 1);
        for (int s = 0; s < steps; s++) c.input("grad" + s, c.sample(Domain.UNIT, count));
        return c.run((d, b) -> {
            for (int s = 0; s < steps; s++) {
                SgdParams p = new SgdParams(lr, momentum, dampening, weightDecay, nesterov, fromFirstStep && s == 0);
                d.sgdUpdate(b.get("param"), b.get("grad" + s), hasVelocity ? b.get("velocity") : null, count, p);
            }
        });
    }

    static List<ConformanceCase> adam() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(adamCase("Adam", 129, 4, 1e-2f, 0f, false));
        cases.add(adamCase("Adam + L2 weight decay", 33, 3, 1e-2f, 0.01f, false));
        cases.add(adamCase("AdamW", 129, 4, 1e-2f, 0.01f, true));
        cases.add(adamCase("AdamW", 1, 2, 1e-3f, 0.1f, true));
        cases.add(adamCase("Adam", 0, 1, 1e-3f, 0f, false));
        cases.add(adamCase("AdamW", LARGE, 2, 1e-2f, 0.01f, true));
        return cases;
    }

    private static ConformanceCase adamCase(String label, int count, int steps, float lr, float weightDecay, boolean decoupled) {
        OpCase c = new OpCase("adamUpdate " + label + " count " + count + " steps 1.." + steps
                + " (lr " + lr + ", weight decay " + weightDecay + ")");
        int[] shape = {count};
        c.inout("param", c.sample(Domain.UNIT, count), shape, OPTIMIZER, 1)
                .inout("m", new float[count], shape, OPTIMIZER, 1)
                .inout("v", new float[count], shape, OPTIMIZER, 1);
        for (int s = 0; s < steps; s++) c.input("grad" + s, c.sample(Domain.UNIT, count));
        return c.run((d, b) -> {
            for (int s = 0; s < steps; s++) {
                AdamParams p = new AdamParams(lr, 0.9f, 0.999f, 1e-8f, weightDecay, decoupled, s + 1);
                d.adamUpdate(b.get("param"), b.get("grad" + s), b.get("m"), b.get("v"), count, p);
            }
        });
    }

    static List<ConformanceCase> rmsprop() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(rmspropCase(129, 3, 0f, 0f));
        cases.add(rmspropCase(33, 3, 0.9f, 0.01f));
        cases.add(rmspropCase(17, 2, 0f, 0.05f));
        cases.add(rmspropCase(0, 1, 0.9f, 0f));
        cases.add(rmspropCase(LARGE, 2, 0.9f, 0.01f));
        return cases;
    }

    private static ConformanceCase rmspropCase(int count, int steps, float momentum, float weightDecay) {
        OpCase c = new OpCase("rmspropUpdate count " + count + " x" + steps + " steps (momentum " + momentum
                + ", weight decay " + weightDecay + ")");
        int[] shape = {count};
        boolean hasMomentum = momentum != 0;
        RmspropParams p = new RmspropParams(0.01f, 0.99f, 1e-8f, weightDecay, momentum);
        // From zero state, one normalised step g / sqrt(sq) is up to 1 / sqrt(1 - alpha) = 10 in size, and
        // the momentum buffer sums such steps of both signs, which can cancel to a small value: its
        // rounding scale is the size of the terms, 10 per step, not the size of the result.
        double stepScale = steps / Math.sqrt(1 - p.alpha());
        c.inout("param", c.sample(Domain.UNIT, count), shape, OPTIMIZER, 1)
                .inout("squareAvg", new float[count], shape, OPTIMIZER, 1);
        if (hasMomentum) c.inout("momentumBuffer", new float[count], shape, OPTIMIZER, stepScale);
        for (int s = 0; s < steps; s++) c.input("grad" + s, c.sample(Domain.UNIT, count));
        return c.run((d, b) -> {
            for (int s = 0; s < steps; s++) {
                d.rmspropUpdate(b.get("param"), b.get("grad" + s), b.get("squareAvg"),
                        hasMomentum ? b.get("momentumBuffer") : null, count, p);
            }
        });
    }
}
