package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;

/**
 * Gated recurrent unit, PyTorch's equations and gate order (r, z, n):
 * <pre>
 *   r = sigmoid(x_r + h_r)        z = sigmoid(x_z + h_z)
 *   n = tanh(x_n + r * h_n)       (h_n includes b_hn: the reset gate scales the whole recurrent term)
 *   h' = (1 - z) * n + z * h  =  n + z * (h - n)
 * </pre>
 * with {@code x_*} the slices of {@code x W_ih^T + b_ih} and {@code h_*} of {@code h W_hh^T + b_hh}.
 * See {@link Recurrent}.
 */
public class GRU extends Recurrent {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, Devices.defaultDevice());
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, Device device) {
        super(inputSize, hiddenSize, numLayers, 3, device);
    }

    @Override protected Tensor[] cell(Tensor xProj, Tensor hProj, Tensor h, Tensor c) {
        Tensor r = gate(xProj, 0).add(gate(hProj, 0)).sigmoid();
        Tensor z = gate(xProj, 1).add(gate(hProj, 1)).sigmoid();
        Tensor n = gate(xProj, 2).add(r.mul(gate(hProj, 2))).tanh();
        return new Tensor[] {n.add(z.mul(h.sub(n)))};
    }
}
