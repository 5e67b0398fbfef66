package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;
import java.util.List;

/**
 * A recorded op in the define-by-run graph (PyTorch's grad_fn): the op's name, the tensors it
 * read, and its backward rule. A tensor produced by an op that needs gradients points at its node
 * ({@link Tensor#gradFn()}); following inputs' nodes walks the graph back to the leaves.
 */
public final class Node {
    private final String name;
    private final Tensor[] inputs;
    private final BackwardFn backward;

    public Node(String name, Tensor[] inputs, BackwardFn backward) {
        this.name = name;
        this.inputs = inputs.clone();
        this.backward = backward;
    }

    public String name() { return name; }

    public List<Tensor> inputs() { return List.of(inputs); }

    /** Input {@code i} without copying the list. */
    public Tensor input(int i) { return inputs[i]; }

    public int inputCount() { return inputs.length; }

    /** The backward rule itself (the engine special-cases some rules, such as a view's). */
    public BackwardFn rule() { return backward; }

    /** Runs the backward rule; see {@link BackwardFn}. */
    public Tensor[] backward(Tensor gradOutput) {
        Tensor[] grads = backward.apply(gradOutput);
        if (grads.length != inputs.length) {
            throw new IllegalStateException(name + " backward returned " + grads.length + " gradients for "
                    + inputs.length + " inputs");
        }
        return grads;
    }

    @Override public String toString() { return "<" + name + ">"; }
}
