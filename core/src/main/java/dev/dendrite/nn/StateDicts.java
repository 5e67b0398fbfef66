package dev.dendrite.nn;

import dev.dendrite.device.DType;
import dev.dendrite.io.HostArray;
import dev.dendrite.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Moves named tensors between devices and host arrays (the form files hold). */
public final class StateDicts {
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
    static void copyInto(Tensor target, HostArray source) {
        Tensor src = source.dtype() == DType.F32
                ? Tensor.of(target.device(), source.floats(), source.shape())
                : Tensor.of(target.device(), source.ints(), source.shape());
        try {
            target.copy_(src);
        } finally {
            src.close();
        }
    }
}
