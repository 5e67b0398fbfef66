package dev.dendrite.javadevice;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released buffer arrays kept for reuse, by exact length: a training step that repeats the same
 * shapes allocates no new arrays once warm. Without it, every step allocates tens of megabytes
 * of activations and gradients; the JVM then zeroes each new array and its young collections
 * copy whatever is live mid-step, which cost the CNN's epoch about three seconds in all.
 *
 * <p>Arrays come back with their old contents (a device buffer's contents are undefined until
 * written). The pool holds at most {@code capBytes}; a release that would go over it empties the
 * pool first, so arrays of shapes no longer in use (the evaluation's large batch, say) do not
 * keep out those of the shapes in use now. Arrays are held through soft references, so when the
 * heap runs short the collector can take them back before it would throw OutOfMemoryError.
 */
final class ArrayPool {
    private final long capBytes;
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<SoftReference<int[]>>> ints = new HashMap<>();
    private long pooledBytes;

    ArrayPool(long capBytes) { this.capBytes = capBytes; }

    /** A pooled float array of exactly {@code length} elements, or null. */
    synchronized float[] takeFloats(int length) {
        return take(floats, length);
    }

    /** A pooled int array of exactly {@code length} elements, or null. */
    synchronized int[] takeInts(int length) {
        return take(ints, length);
    }

    synchronized void give(float[] array) {
        if (admit(array.length)) floats.computeIfAbsent(array.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(array));
    }

    synchronized void give(int[] array) {
        if (admit(array.length)) ints.computeIfAbsent(array.length, k -> new ArrayDeque<>()).addLast(new SoftReference<>(array));
    }

    /** Bytes held for reuse (arrays the collector has already taken back count until they are next looked up). */
    synchronized long bytes() { return pooledBytes; }

    synchronized void clear() {
        floats.clear();
        ints.clear();
        pooledBytes = 0;
    }

    private <A> A take(Map<Integer, ArrayDeque<SoftReference<A>>> pool, int length) {
        ArrayDeque<SoftReference<A>> list = pool.get(length);
        if (list == null) return null;
        for (SoftReference<A> ref; (ref = list.pollLast()) != null; ) {
            pooledBytes -= 4L * length;
            A array = ref.get();
            if (array != null) return array;
        }
        return null;
    }

    /** Makes room for an array of {@code length} 4-byte elements; false when it should not be pooled. */
    private boolean admit(int length) {
        long bytes = 4L * length;
        if (length == 0 || bytes > capBytes) return false;
        if (pooledBytes + bytes > capBytes) clear();
        pooledBytes += bytes;
        return true;
    }
}
