package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What RNN, LSTM and GRU share: batch-first input [batch, seq, input], stacked layers, and
 * PyTorch's parameters per layer k, each drawn from U(-1/sqrt(hidden), 1/sqrt(hidden)):
 * <pre>
 *   weight_ih_lk [gates * hidden, input (k = 0) or hidden]   weight_hh_lk [gates * hidden, hidden]
 *   bias_ih_lk   [gates * hidden]                            bias_hh_lk   [gates * hidden]
 * </pre>
 * with the gates stacked in PyTorch's order (LSTM: i, f, g, o; GRU: r, z, n).
 *
 * <p>The input projection {@code x W_ih^T + b_ih} of a whole sequence is one matrix product;
 * only the recurrent part {@code h W_hh^T + b_hh} runs step by step.
 */
public abstract class Recurrent extends Module {
    public final int inputSize;
    public final int hiddenSize;
    public final int numLayers;
    private final int gates;
    private final List<Tensor[]> layerParams = new ArrayList<>();

    protected Recurrent(int inputSize, int hiddenSize, int numLayers, int gates, Device device) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input="
                    + inputSize + " hidden=" + hiddenSize + " layers=" + numLayers);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.gates = gates;
        float bound = Init.fanInBound(hiddenSize);
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? inputSize : hiddenSize;
            Tensor wih = registerParameter("weight_ih_l" + k, Init.uniform(device, bound, gates * hiddenSize, in));
            Tensor whh = registerParameter("weight_hh_l" + k, Init.uniform(device, bound, gates * hiddenSize, hiddenSize));
            Tensor bih = registerParameter("bias_ih_l" + k, Init.uniform(device, bound, gates * hiddenSize));
            Tensor bhh = registerParameter("bias_hh_l" + k, Init.uniform(device, bound, gates * hiddenSize));
            layerParams.add(new Tensor[] {wih, whh, bih, bhh});
        }
    }

    /** The output sequence [batch, seq, hidden], starting from zero states. */
    @Override public Tensor forward(Tensor x) {
        return forward(x, null, null).output();
    }

    /**
     * Runs the sequence from the given initial states ([layers, batch, hidden]; null means zeros;
     * {@code c0} only for LSTM).
     */
    public RecurrentOutput forward(Tensor x, Tensor h0, Tensor c0) {
        if (x.rank() != 3 || x.shape(2) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize
                    + "): input of shape " + Arrays.toString(x.shape()) + " must be [batch, seq, " + inputSize + "] (batch first)");
        }
        int batch = x.shape(0);
        int steps = x.shape(1);
        checkState("h0", h0, batch);
        checkState("c0", c0, batch);
        Tensor sequence = x;
        Tensor[] lastH = new Tensor[numLayers];
        Tensor[] lastC = new Tensor[numLayers];
        for (int k = 0; k < numLayers; k++) {
            Tensor[] p = layerParams.get(k);
            // [batch, seq, gates*hidden] for all steps at once.
            Tensor inputProj = sequence.matmul(p[0].t()).add(p[2]);
            Tensor h = h0 != null ? h0.select(0, k) : Tensor.zeros(x.device(), batch, hiddenSize);
            Tensor c = usesCellState() ? (c0 != null ? c0.select(0, k) : Tensor.zeros(x.device(), batch, hiddenSize)) : null;
            Tensor[] outputs = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                Tensor xt = inputProj.select(1, t);
                Tensor ht = h.matmul(p[1].t()).add(p[3]);
                Tensor[] next = cell(xt, ht, h, c);
                h = next[0];
                if (c != null) c = next[1];
                outputs[t] = h;
            }
            lastH[k] = h;
            lastC[k] = c;
            sequence = Tensor.stack(1, outputs);
        }
        return new RecurrentOutput(sequence, Tensor.stack(0, lastH), usesCellState() ? Tensor.stack(0, lastC) : null);
    }

    /**
     * One step: {@code xProj = x_t W_ih^T + b_ih} and {@code hProj = h W_hh^T + b_hh}, both
     * [batch, gates*hidden]; returns the new h (and for LSTM the new c).
     */
    protected abstract Tensor[] cell(Tensor xProj, Tensor hProj, Tensor h, Tensor c);

    protected boolean usesCellState() { return false; }

    /** Gate {@code g} (0-based, PyTorch's order) of a [batch, gates*hidden] projection. */
    protected final Tensor gate(Tensor proj, int g) {
        return proj.narrow(1, g * hiddenSize, hiddenSize);
    }

    private void checkState(String name, Tensor s, int batch) {
        if (s == null) return;
        if (name.equals("c0") && !usesCellState()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": has no cell state; pass c0 = null");
        }
        int[] expected = {numLayers, batch, hiddenSize};
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + name + " of shape " + Arrays.toString(s.shape())
                    + " must be " + Arrays.toString(expected) + " [layers, batch, hidden]");
        }
    }

    @Override protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "") + ", batch_first=True";
    }
}
