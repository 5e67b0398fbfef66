package dev.dendrite.javadevice;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * The NCHW input of a convolution or pooling op as the dense array its kernels read. The java
 * device's convolution packs its input into im2col matrices and its max pooling runs vector
 * loads along rows, both written for dense planes from element 0, and both far costlier than one
 * pass over the input. So a dense view from element 0 is used as it is (the common case, no work
 * at all), and any other view (an offset slice, a transpose of H and W, a channel slice) is
 * gathered once into an array from the device's pool, which {@link #done} gives back: no
 * allocation once warm, and no tensor for the tensor layer to create and free.
 */
final class DensePlanes {
    private final ArrayPool pool;
    private final Parallel parallel;

    DensePlanes(ArrayPool pool, Parallel parallel) {
        this.pool = pool;
        this.parallel = parallel;
    }

    /** The elements of {@code view} over {@code shape}, row-major: the buffer's own array when it already is that. */
    float[] dense(String op, View view, int[] shape) {
        float[] x = JavaBuffer.floats(view.buffer(), op);
        if (view.isDenseFromZero(shape)) return x;
        Checks.view(op, "input", x.length, shape, view);
        int n = Shapes.numel(shape);
        float[] taken = pool.takeFloats(n);
        float[] dense = taken != null ? taken : new float[n];
        StridedLoop loop = new StridedLoop(shape, new int[][] {view.strides(), Shapes.contiguousStrides(shape)},
                new int[] {view.offset(), 0});
        StridedLoop.Row row = (count, off, step) -> {
            if (step[0] == 1) System.arraycopy(x, off[0], dense, off[1], count);
            else for (int i = 0, p = off[0]; i < count; i++, p += step[0]) dense[off[1] + i] = x[p];
        };
        if (n < JavaDevice.PARALLEL_ELEMENTS) loop.forAll(row);
        else parallel.forRange(n, JavaDevice.PARALLEL_ELEMENTS / 2, (from, to) -> loop.forRange(from, to, row));
        return dense;
    }

    /** Gives back the array {@link #dense} returned for {@code view}, if it was a gathered one. */
    void done(float[] dense, View view) {
        if (dense != JavaBuffer.floats(view.buffer(), "release")) pool.give(dense);
    }
}
