package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Softmax, sums, argmax, conv, pooling and the index ops read sliced, transposed and permuted
 * tensors where they lie: each op on a view gives exactly what it gives on the view's contiguous
 * copy, and no {@code copy} primitive runs for it (counted on a {@link CountingDevice}). The one
 * layout still copied (dimensions on one side of the axis reordered) is shown to be copied, which
 * also shows the count can fail.
 */
class ViewOperandsTest {
    private static final JavaDevice REAL = new JavaDevice(JavaDevice.Options.scalar());
    private static final CountingDevice.Counts COUNTS = new CountingDevice.Counts();
    private static final Device DEVICE = CountingDevice.over(REAL, COUNTS);

    @AfterAll static void close() { REAL.close(); }

    private static Tensor iota(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) Math.sin(i * 0.37) * 3;   // distinct, unordered values
        return Tensor.of(DEVICE, data, shape);
    }

    /**
     * Runs {@code op} on {@code view} and on its contiguous copy; asserts equal results, and that
     * the run on the view made {@code expectedCopies} copies.
     */
    private static void sameAsContiguous(Tensor view, Function<Tensor, Tensor> op, int expectedCopies) {
        float[] expected;
        try (Tensor dense = view.contiguous(); Tensor r = op.apply(dense)) {
            expected = r.toFloatArray();
        }
        COUNTS.reset();
        float[] actual;
        try (Tensor r = op.apply(view)) {
            assertEquals(expectedCopies, COUNTS.of("copy"), "copies made for the op on " + view);
            actual = r.toFloatArray();
        }
        assertArrayEquals(expected, actual, 0f);
    }

    private static void noCopy(Tensor view, Function<Tensor, Tensor> op) { sameAsContiguous(view, op, 0); }

    @Test void softmaxOfARowOfABatchAndOfATranspose() {
        try (Tensor x = iota(3, 4, 5); Tensor row = x.select(0, 1); Tensor t = x.transpose(1, 2);
             Tensor m = iota(4, 6); Tensor mt = m.transpose(0, 1)) {
            noCopy(row, v -> v.softmax(-1));
            noCopy(row, v -> v.logSoftmax(0));
            noCopy(t, v -> v.softmax(1));
            noCopy(mt, v -> v.softmax(-1));
            noCopy(mt, v -> v.softmax(0));
        }
    }

    @Test void sumsMaxAndArgmaxOfTransposesAndSlices() {
        try (Tensor x = iota(6, 7); Tensor t = x.transpose(0, 1); Tensor s = x.slice(1, 1, 6, 2)) {
            noCopy(t, v -> v.sum(0, false));
            noCopy(t, v -> v.sum(1, true));
            noCopy(s, v -> v.sum(1, false));
            noCopy(t, v -> v.max(1, false));
            noCopy(s, v -> v.argmax(0, false));
        }
        try (Tensor y = iota(2, 3, 4, 5); Tensor s = y.narrow(3, 1, 3)) {
            noCopy(s, v -> v.sum(new int[] {1, 2}, false));    // reduced axes as one run
            noCopy(s, v -> v.mean(new int[] {0, 2}, false));   // two runs: the first pass reads the view
        }
    }

    @Test void convAndPoolingOfASlicedBatchAndTransposedPlanes() {
        try (Tensor x = iota(3, 2, 7, 6); Tensor w = iota(4, 2, 3, 3); Tensor b = iota(4);
             Tensor batch = x.narrow(0, 1, 2); Tensor planes = x.transpose(2, 3); Tensor channel = x.narrow(1, 1, 1)) {
            for (Tensor v : new Tensor[] {batch, planes}) {
                noCopy(v, t -> Tensor.conv2d(t, w, b, 1, 1));
                noCopy(v, t -> Tensor.maxPool2d(t, 2, 2, 0));
                noCopy(v, t -> Tensor.avgPool2d(t, 3, 2, 1));
            }
            noCopy(channel, t -> Tensor.maxPool2d(t, 3, 1, 1));
        }
    }

    @Test void indexSelectAndGatherOfATranspose() {
        try (Tensor x = iota(5, 4); Tensor t = x.transpose(0, 1);
             Tensor idx = Tensor.of(DEVICE, new int[] {3, 0, 0, 2}, 4);
             Tensor picks = Tensor.of(DEVICE, new int[] {1, 4, 0, 2}, 4, 1)) {
            noCopy(t, v -> v.indexSelect(1, idx));
            noCopy(t, v -> v.indexSelect(0, idx));
            noCopy(t, v -> v.gather(1, picks));
        }
    }

    /** The gradients through ops on views equal those through the contiguous copies. */
    @Test void gradientsThroughViewsMatchTheContiguousOnes() {
        float[] viaView, viaCopy;
        try (Tensor x = iota(4, 6).requiresGrad(true)) {
            try (Tensor y = x.transpose(0, 1).softmax(-1).mul(x.transpose(0, 1)).sum()) { y.backward(); }
            viaView = x.grad().toFloatArray();
        }
        try (Tensor x = iota(4, 6).requiresGrad(true)) {
            try (Tensor y = x.transpose(0, 1).contiguous().softmax(-1).mul(x.transpose(0, 1)).sum()) { y.backward(); }
            viaCopy = x.grad().toFloatArray();
        }
        assertArrayEquals(viaCopy, viaView, 1e-6f);
    }

    /**
     * Dimensions on one side of the axis that cannot be walked with one stride (reordered by a
     * permutation, or an inner one of them sliced) are copied, once: the layout left.
     */
    @Test void theLayoutLeftIsCopiedOnce() {
        try (Tensor y = iota(3, 4, 5); Tensor p = y.permute(1, 0, 2); Tensor s = y.narrow(1, 1, 2);
             Tensor t = y.transpose(1, 2)) {
            sameAsContiguous(p, v -> v.softmax(-1), 1);
            sameAsContiguous(p, v -> v.sum(2, false), 1);
            sameAsContiguous(s, v -> v.softmax(-1), 1);
            sameAsContiguous(t, v -> v.softmax(-1), 1);   // a batch of transposes: [A, C] with strides [B * C, 1]
        }
    }
}
