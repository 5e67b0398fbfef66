package dev.dendrite.train;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.DType;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Several float32 tensors seen as one flat vector on the host, back to back in list order: what
 * data-parallel training exchanges (gradients between replicas, parameters between Spark workers).
 * Reading and writing go through the device's own download and upload of each tensor's buffer into
 * a caller-owned array, so a training loop that keeps its array allocates nothing per step.
 */
public final class FlatTensors {
    private FlatTensors() {}

    /** Total number of elements of {@code tensors}. */
    public static int numel(List<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) n += t.numel();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("FlatTensors: " + n + " elements do not fit one Java array");
        return (int) n;
    }

    /** Copies every tensor, in order, into {@code dst} from index 0; returns the number of floats written. */
    public static int read(List<Tensor> tensors, float[] dst) {
        check(tensors, dst, "read");
        int at = 0;
        for (Tensor t : tensors) at = read(t, dst, at);
        return at;
    }

    /** Overwrites every tensor, in order, with {@code src} from index 0 (the inverse of {@link #read}). */
    public static void write(float[] src, List<Tensor> tensors) {
        check(tensors, src, "write");
        int at = 0;
        for (Tensor t : tensors) at = write(src, at, t);
    }

    /** Copies {@code t} into {@code dst} at {@code at}; returns the index after it. */
    public static int read(Tensor t, float[] dst, int at) {
        int n = t.numel();
        if (dense(t)) {
            t.device().download(t.buffer(), t.offset(), dst, at, n);
        } else {
            System.arraycopy(t.toFloatArray(), 0, dst, at, n); // a strided view: rare, so a copy is fine
        }
        return at + n;
    }

    /** Overwrites {@code t} with {@code src} from {@code at}; returns the index after it. */
    public static int write(float[] src, int at, Tensor t) {
        int n = t.numel();
        if (dense(t)) {
            t.device().upload(src, at, t.buffer(), t.offset(), n);
        } else {
            try (GradMode g = Autograd.noGrad();
                 Tensor tmp = Tensor.of(t.device(), Arrays.copyOfRange(src, at, at + n), t.shape())) {
                t.copy_(tmp);
            }
        }
        return at + n;
    }

    private static boolean dense(Tensor t) {
        return t.isContiguous();
    }

    private static void check(List<Tensor> tensors, float[] host, String what) {
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t == null) throw new IllegalArgumentException("FlatTensors." + what + ": tensor " + i + " is null (a parameter without a gradient?)");
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException("FlatTensors." + what + ": tensor " + i + " is " + t.dtype() + ", only float32 is exchanged");
            }
        }
        int n = numel(tensors);
        if (host.length < n) {
            throw new IllegalArgumentException("FlatTensors." + what + ": the host array holds " + host.length + " floats, the tensors " + n);
        }
    }
}
