package dev.dendrite.referencedevice;

import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/** fill and the strided copy. */
final class DataMovement {
    private DataMovement() {}

    /** dst[offset .. offset + count) = value (an int buffer takes (int) value). */
    static void fill(ReferenceBuffer dst, int offset, int count, float value) {
        for (int i = 0; i < count; i++) dst.set(offset + i, value);
    }

    /** dst[idx] = src[idx] for every index of shape, converting float/int with Java's casts. */
    static void copy(int[] shape, View src, View dst) {
        ReferenceBuffer from = ReferenceBuffer.of(src.buffer()), to = ReferenceBuffer.of(dst.buffer());
        for (int i = 0; i < Shapes.numel(shape); i++) {
            to.set(Views.position(shape, dst, i), from.get(Views.position(shape, src, i)));
        }
    }
}
