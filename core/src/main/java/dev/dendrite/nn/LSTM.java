package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;

/**
 * Long short-term memory, PyTorch's equations and gate order (i, f, g, o):
 * <pre>
 *   i = sigmoid(..i)   f = sigmoid(..f)   g = tanh(..g)   o = sigmoid(..o)
 *   c' = f * c + i * g
 *   h' = o * tanh(c')
 * </pre>
 * where {@code ..x} is that gate's slice of {@code x W_ih^T + b_ih + h W_hh^T + b_hh}.
 * See {@link Recurrent}.
 */
public class LSTM extends Recurrent {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Devices.defaultDevice());
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, Device device) {
        super(inputSize, hiddenSize, numLayers, 4, device);
    }

    @Override protected boolean usesCellState() { return true; }

    @Override protected Tensor[] cell(Tensor xProj, Tensor hProj, Tensor h, Tensor c) {
        Tensor pre = xProj.add(hProj);
        Tensor i = gate(pre, 0).sigmoid();
        Tensor f = gate(pre, 1).sigmoid();
        Tensor g = gate(pre, 2).tanh();
        Tensor o = gate(pre, 3).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(g));
        Tensor hNext = o.mul(cNext.tanh());
        return new Tensor[] {hNext, cNext};
    }
}
