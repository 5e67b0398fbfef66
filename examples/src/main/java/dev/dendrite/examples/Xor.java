package dev.dendrite.examples;

import dev.dendrite.device.Device;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Losses;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.Locale;

/**
 * The smallest example. XOR is 1 when exactly one of two inputs is 1. No straight line separates
 * the 1s from the 0s, so a network needs a hidden layer to learn it: here 2 inputs, 4 hidden
 * units, 1 output.
 */
public final class Xor implements Example {

    @Override public String name() {
        return "xor";
    }

    @Override public String summary() {
        return "the smallest example: a 2-4-1 network learns XOR";
    }

    @Override public Options options() {
        return Options.forCommand(name(), "Trains a 2-4-1 network on the four cases of XOR.")
                // It trains in a blink and writes nothing: no data, batches, output or checkpoints.
                .remove("data").remove("batch").remove("out").remove("resume").remove("on-nan")
                .set("epochs", "500").set("lr", "0.05");
    }

    @Override public void run(Options o) {
        Device device = DeviceChoice.open(o.device());

        // The four cases: inputs [4, 2] and the answers [4, 1].
        Tensor inputs = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor answers = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

        // The network: one score per case; sigmoid(score) is the probability that the answer is 1.
        Init.manualSeed(o.seed());
        Sequential model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
        Adam adam = new Adam(model.parameters(), o.lr());
        System.out.println("XOR on " + device.description() + "; " + o.describe());

        // Training: each epoch is one step on all four cases.
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            try (Scope scope = Scope.open()) {               // frees this step's tensors at the end
                Tensor loss = Losses.bceWithLogits(model.forward(inputs), answers);
                adam.zeroGrad();
                loss.backward();                             // gradients of the loss for every weight
                adam.step();                                 // move every weight a little downhill
                if (epoch == 1 || epoch % (o.epochs() / 5 == 0 ? 1 : o.epochs() / 5) == 0) {
                    System.out.printf(Locale.ROOT, "epoch %4d  loss %.4f%n", epoch, loss.item());
                }
            }
        }

        // What did it learn?
        float[] p;
        try (Scope scope = Scope.open()) {
            p = model.forward(inputs).sigmoid().toFloatArray();
        }
        float[] x = inputs.toFloatArray(), y = answers.toFloatArray();
        int right = 0;
        System.out.println("\n  a  b   xor   predicted");
        for (int i = 0; i < 4; i++) {
            System.out.printf(Locale.ROOT, "  %.0f  %.0f    %.0f    %.3f%n", x[2 * i], x[2 * i + 1], y[i], p[i]);
            if ((p[i] > 0.5f) == (y[i] > 0.5f)) right++;
        }
        System.out.printf(Locale.ROOT, "accuracy=%.2f%n", right / 4.0);
        model.close();
        adam.close();
        inputs.close();
        answers.close();
    }
}
