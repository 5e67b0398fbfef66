package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * What a recurrent layer returns: the top layer's hidden state at every step, {@code output}
 * [batch, seq, hidden], and the final states of every layer, {@code h} (and for LSTM {@code c})
 * [layers, batch, hidden], as PyTorch's {@code output, h_n} / {@code output, (h_n, c_n)}.
 * {@code c} is null for RNN and GRU.
 */
public record RecurrentOutput(Tensor output, Tensor h, Tensor c) {}
