package dev.dendrite.tensor;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.BackwardFn;
import dev.dendrite.autograd.Node;

/** Records ops into the define-by-run graph when gradients are wanted. */
final class Graph {
    private Graph() {}

    /**
     * Attaches a node to {@code out} when recording is on and some input requires a gradient;
     * returns {@code out}. {@code inputs} may contain tensors that never need gradients (indices).
     */
    static Tensor record(Tensor out, String name, BackwardFn backward, Tensor... inputs) {
        if (!Autograd.isEnabled()) return out;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad) {
                out.requiresGrad = true;
                out.gradFn = new Node(name, inputs, backward);
                return out;
            }
        }
        return out;
    }

    /** True when gradients flow to {@code t} (checked inside backward rules to skip work). */
    static boolean wants(Tensor t) { return t.requiresGrad; }

    /**
     * Closes the temporaries a composite op made on the way to {@code result}, unless the graph
     * references them (when {@code result} was recorded, they are saved for backward and the
     * enclosing scope frees them). Returns {@code result}.
     */
    static Tensor releaseTemps(Tensor result, Tensor... temps) {
        if (result.gradFn == null) for (Tensor t : temps) t.close();
        return result;
    }
}
