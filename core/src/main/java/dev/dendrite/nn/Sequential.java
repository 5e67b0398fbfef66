package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Runs its layers one after another; they are named "0", "1", ... as in PyTorch. */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer, named by its position. */
    public final Sequential add(Module layer) {
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    public final Module get(int index) { return layers.get(index); }

    public final int size() { return layers.size(); }

    @Override public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.forward(x);
        return x;
    }
}
