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
 * written). The pool holds at most {@code capBytes}; a release that would go over it first evicts
 * the arrays that have waited longest, so arrays of shapes no longer in use (the evaluation's large
 * batch, say) leave first, while those a training step released moments ago stay. (An earlier
 * version emptied the whole pool instead: a GPT step releases more than the cap, so the pool was
 * emptied about once a step and 22 GB of arrays per epoch were allocated anew, a tenth of the
 * epoch spent in the collector.) Arrays are held through soft references, so when the heap runs
 * short the collector can take them back before it would throw OutOfMemoryError.
 */
final class ArrayPool {
    /** One pooled array; {@code taken} once it has left the pool (its place in {@link #arrival} is then skipped). */
    private static final class Entry {
        final SoftReference<Object> array;
        final int length;
        final boolean isFloat;
        boolean taken;

        Entry(Object array, int length, boolean isFloat) {
            this.array = new SoftReference<>(array);
            this.length = length;
            this.isFloat = isFloat;
        }
    }

    private final long capBytes;
    private final Map<Integer, ArrayDeque<Entry>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<Entry>> ints = new HashMap<>();
    /** Every entry in the order it arrived, oldest first: the eviction order. */
    private final ArrayDeque<Entry> arrival = new ArrayDeque<>();
    private long pooledBytes;
    /** Entries still in the pool (arrival also holds taken ones until they are dropped). */
    private int pooledCount;

    ArrayPool(long capBytes) { this.capBytes = capBytes; }

    /** A pooled float array of exactly {@code length} elements, or null. */
    synchronized float[] takeFloats(int length) {
        return (float[]) take(floats, length);
    }

    /** A pooled int array of exactly {@code length} elements, or null. */
    synchronized int[] takeInts(int length) {
        return (int[]) take(ints, length);
    }

    synchronized void give(float[] array) {
        give(floats, array, array.length, true);
    }

    synchronized void give(int[] array) {
        give(ints, array, array.length, false);
    }

    /** Bytes held for reuse (arrays the collector has already taken back count until they are next looked up). */
    synchronized long bytes() { return pooledBytes; }

    synchronized void clear() {
        floats.clear();
        ints.clear();
        arrival.clear();
        pooledBytes = 0;
        pooledCount = 0;
    }

    /** The most recently pooled array of this length (the likeliest to be in cache), or null. */
    private Object take(Map<Integer, ArrayDeque<Entry>> pool, int length) {
        ArrayDeque<Entry> list = pool.get(length);
        if (list == null) return null;
        for (Entry e; (e = list.pollLast()) != null; ) {
            e.taken = true;
            pooledBytes -= 4L * length;
            pooledCount--;
            Object array = e.array.get();
            if (array != null) return array;
        }
        return null;
    }

    private void give(Map<Integer, ArrayDeque<Entry>> pool, Object array, int length, boolean isFloat) {
        long bytes = 4L * length;
        if (length == 0 || bytes > capBytes) return;
        while (pooledBytes + bytes > capBytes) evictOldest();
        Entry e = new Entry(array, length, isFloat);
        pool.computeIfAbsent(length, k -> new ArrayDeque<>()).addLast(e);
        arrival.addLast(e);
        pooledBytes += bytes;
        pooledCount++;
        // Taken entries stay in arrival until eviction passes them; behind an array that is never
        // taken they would pile up, so once they outnumber the pooled ones, sweep them out.
        if (arrival.size() > 2 * pooledCount + 64) arrival.removeIf(x -> x.taken);
    }

    /**
     * Drops the array that has waited longest. It is the first of its length's list: each list is in
     * arrival order too, and takes remove from its end.
     */
    private void evictOldest() {
        Entry e;
        do {
            e = arrival.pollFirst();
        } while (e.taken);
        ArrayDeque<Entry> list = (e.isFloat ? floats : ints).get(e.length);
        list.pollFirst();
        if (list.isEmpty()) (e.isFloat ? floats : ints).remove(e.length);
        e.taken = true;
        pooledBytes -= 4L * e.length;
        pooledCount--;
    }
}
