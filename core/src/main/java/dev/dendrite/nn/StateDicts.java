package dev.dendrite.nn;

import dev.dendrite.device.DType;
import dev.dendrite.io.HostArray;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Moves named tensors between devices and host arrays (the form files hold). */
public final class StateDicts {
    /**
     * The prefix of the optimizer's tensors in a training checkpoint ("optimizer.state.0.exp_avg");
     * no model tensor may start with it, and {@link Module#load} skips such tensors.
     */
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    private StateDicts() {}

    /** Reads every tensor back to the host, keeping names and order. */
    public static Map<String, HostArray> toHost(Map<String, Tensor> tensors) {
        Map<String, HostArray> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, toHost(t)));
        return out;
    }

    public static HostArray toHost(Tensor t) {
        return t.dtype() == DType.F32 ? HostArray.ofFloats(t.toFloatArray(), t.shape()) : HostArray.ofInts(t.toIntArray(), t.shape());
    }

    /** Overwrites {@code target} with {@code source} (same shape and dtype, checked by the caller), in place. */
    public static void copyInto(Tensor target, HostArray source) {
        // Tensor.of cannot make a 0-d tensor (an empty shape means [length]), so scalars go through a [1] view.
        int[] shape = source.rank() == 0 ? new int[] {1} : source.shape();
        Tensor dst = source.rank() == 0 ? target.reshape(1) : target;
        Tensor src = source.dtype() == DType.F32
                ? Tensor.of(target.device(), source.floats(), shape)
                : Tensor.of(target.device(), source.ints(), shape);
        try {
            dst.copy_(src);
        } finally {
            src.close();
            if (dst != target) dst.close();
        }
    }
}
