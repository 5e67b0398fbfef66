package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;

/** Elman RNN: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or ReLU); see {@link Recurrent}. */
public class RNN extends Recurrent {
    public final boolean relu;

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, Devices.defaultDevice());
    }

    /** @param relu use ReLU instead of tanh (PyTorch's nonlinearity='relu') */
    public RNN(int inputSize, int hiddenSize, int numLayers, boolean relu, Device device) {
        super(inputSize, hiddenSize, numLayers, 1, device);
        this.relu = relu;
    }

    @Override protected Tensor[] cell(Tensor xProj, Tensor hProj, Tensor h, Tensor c) {
        Tensor pre = xProj.add(hProj);
        return new Tensor[] {relu ? pre.relu() : pre.tanh()};
    }

    @Override protected String extraRepr() {
        return super.extraRepr() + (relu ? ", nonlinearity='relu'" : "");
    }
}
