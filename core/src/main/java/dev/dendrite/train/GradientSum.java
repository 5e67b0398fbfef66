package dev.dendrite.train;

import dev.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The all-reduce of {@link DataParallel}, staged through the host: each replica copies its
 * gradients into its own flat array, the arrays are summed in a fixed order (replica 0, then 1, then
 * 2, ...), and the one sum is copied back into every replica's gradients. The fixed order is what
 * makes the replicas bit-identical: float addition is not associative, and a sum that each replica
 * formed in its own order would differ in the last bits. Staging through the host works for any
 * mix of devices; its cost is two copies of the gradients over the device's bus per step.
 *
 * <p>The arrays are allocated once, so a step allocates nothing here.
 */
final class GradientSum {
    private final float[][] host;

    GradientSum(int replicas, int numel) {
        host = new float[replicas][numel];
    }

    /** Replica {@code i}'s gradients into its array; a parameter without a gradient counts as zeros. */
    void read(int i, List<Tensor> params) {
        float[] dst = host[i];
        int at = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                Arrays.fill(dst, at, at + p.numel(), 0f);
                at += p.numel();
            } else {
                at = FlatTensors.read(g, dst, at);
            }
        }
    }

    /** Sums the first {@code k} arrays into array 0, in replica order. */
    void reduce(int k) {
        float[] acc = host[0];
        for (int r = 1; r < k; r++) {
            float[] g = host[r];
            for (int j = 0; j < acc.length; j++) acc[j] += g[j];
        }
    }

    /**
     * The sum into replica {@code i}'s gradients. A parameter without a gradient keeps none: every
     * replica ran the same graph, so it has none anywhere and the optimizer skips it everywhere.
     */
    void write(int i, List<Tensor> params) {
        float[] src = host[0];
        int at = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) at += p.numel();
            else at = FlatTensors.write(src, at, g);
        }
    }

    /** Copies the tensors {@code from} into each list of {@code to} (parameters from replica 0 to others). */
    void broadcast(List<Tensor> from, List<List<Tensor>> to) {
        if (to.isEmpty()) return;
        float[] buffer = host[0]; // the gradients' sum is no longer needed once the step is taken
        FlatTensors.read(from, buffer);
        for (List<Tensor> t : to) FlatTensors.write(buffer, t);
    }
}
