package dev.dendrite.javadevice;

import dev.dendrite.device.Pool2dShape;

/**
 * Max-pool forward over planes {@code [fromPlane, toPlane)} of an NCHW tensor, writing each
 * output and the flat index of its window's first maximum: {@link Pooling#maxForward} in scalar
 * Java, or {@code VectorMaxPool} with the Vector API (see {@link MicroKernels}).
 */
@FunctionalInterface
interface MaxPoolForward {
    void run(Pool2dShape s, float[] in, float[] out, int[] argmax, int fromPlane, int toPlane);
}
