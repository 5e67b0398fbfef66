package com.example;

import dev.dendrite.device.Devices;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Losses;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;

/** A user's first program: trains XOR with Dendrite as a plain dependency and checks the answer. */
public final class XorApp {
    public static void main(String[] args) {
        Init.manualSeed(1);
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Sequential model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
        Adam adam = new Adam(model.parameters(), 0.05f);
        for (int step = 0; step < 500; step++) {
            try (Scope scope = Scope.open()) {
                Tensor loss = Losses.bceWithLogits(model.forward(x), y);
                adam.zeroGrad();
                loss.backward();
                adam.step();
            }
        }
        float[] p;
        try (Scope scope = Scope.open()) {
            p = model.forward(x).sigmoid().toFloatArray();
        }
        boolean right = p[0] < 0.5f && p[1] > 0.5f && p[2] > 0.5f && p[3] < 0.5f;
        System.out.println("consumer: xor " + (right ? "learned" : "NOT learned") + " on "
                + Devices.defaultDevice().name() + "; devices on the class path: " + Devices.names());
        if (!right) System.exit(1);
    }
}
