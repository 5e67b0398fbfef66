package dev.dendrite.spark;

import dev.dendrite.device.DType;
import dev.dendrite.io.HostArray;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.FlatTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replica's state as flat float arrays and back: the model's float tensors (parameters and
 * float buffers such as BatchNorm's running statistics; an int counter stays local) and the
 * optimizer's state tensors. Averaging the optimizer state along with the weights is what DL4J's
 * parameter averaging does by default: Adam's moments started afresh each round would make every
 * round's first steps as large as the very first.
 */
final class ReplicaState {
    private ReplicaState() {}

    static List<Tensor> modelTensors(Module m) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : m.stateDict().values()) if (t.dtype() == DType.F32) out.add(t);
        return out;
    }

    static List<Tensor> optimizerTensors(Optimizer o) {
        return new ArrayList<>(o.stateTensors().values());
    }

    static Snapshot snapshot(Module m, Optimizer o) {
        List<Tensor> model = modelTensors(m);
        List<Tensor> opt = optimizerTensors(o);
        float[] mv = new float[FlatTensors.numel(model)];
        float[] ov = new float[FlatTensors.numel(opt)];
        FlatTensors.read(model, mv);
        FlatTensors.read(opt, ov);
        return new Snapshot(mv, ov, o.stateMetadata());
    }

    /** Overwrites the replica with the snapshot; the sizes must match (same factory, same model). */
    static void load(Snapshot s, Module m, Optimizer o) {
        List<Tensor> model = modelTensors(m);
        if (FlatTensors.numel(model) != s.model().length) {
            throw new IllegalStateException("the model factory built a model of " + FlatTensors.numel(model)
                    + " floats, but the driver's model has " + s.model().length + "; the factory must build the same model everywhere");
        }
        FlatTensors.write(s.model(), model);
        loadOptimizer(o, s.optimizer(), s.optimizerMeta());
    }

    /** The optimizer's state from a flat array, through {@link Optimizer#loadState} so the step counts come along. */
    static void loadOptimizer(Optimizer o, float[] flat, Map<String, String> meta) {
        Map<String, HostArray> host = new LinkedHashMap<>();
        int at = 0;
        for (Map.Entry<String, Tensor> e : o.stateTensors().entrySet()) {
            int n = e.getValue().numel();
            host.put(e.getKey(), HostArray.ofFloats(Arrays.copyOfRange(flat, at, at + n), e.getValue().shape()));
            at += n;
        }
        if (at != flat.length) {
            throw new IllegalStateException("the optimizer holds " + at + " state floats, the snapshot " + flat.length
                    + "; the optimizer factory must build the same optimizer everywhere");
        }
        o.loadState(host, meta);
    }
}
