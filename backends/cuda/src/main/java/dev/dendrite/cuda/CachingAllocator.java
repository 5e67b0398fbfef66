package dev.dendrite.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator for device memory: released blocks go to a free list for their size
 * bucket instead of back to the driver, so a training step that repeats the same shapes
 * allocates nothing new once warm (cuMemAlloc and cuMemFree are slow, and cuMemFree waits for the
 * whole device).
 *
 * <p>Sizes are rounded up to a bucket: a power of two up to 1 MiB (at most 2x waste on small
 * blocks, few distinct lists), above that a multiple of 1 MiB (under 1 MiB waste on large ones).
 * Reusing a block is safe without waiting because every kernel and copy runs on the device's
 * single in-order stream: work queued after the reuse runs after the work queued before it.
 *
 * <p>The free lists hold at most {@code capBytes}: a block that would take them over the cap first
 * empties them (back to the driver), so blocks of shapes no longer in use (an evaluation at a
 * large batch, say) do not stay reserved beside those in use now; a block larger than the cap is
 * freed at once.
 *
 * @param <B> the driver's handle to a block (a CUdeviceptr; anything in the unit tests)
 */
final class CachingAllocator<B> {

    /** Where blocks really come from. */
    interface Backend<B> {
        /** A new block of {@code bytes}, or null when the device is out of memory. */
        B allocate(long bytes);

        void free(B block);
    }

    static final long MIN_BUCKET = 256;
    static final long LARGE = 1L << 20;

    private final Backend<B> backend;
    private final long capBytes;
    private final Map<Long, ArrayDeque<B>> free = new HashMap<>();
    private long cachedBytes;
    private long liveBlocks;
    private long liveBytes;

    CachingAllocator(Backend<B> backend, long capBytes) {
        this.backend = backend;
        this.capBytes = capBytes;
    }

    /** The size actually reserved for a request of {@code bytes}. */
    static long bucket(long bytes) {
        if (bytes <= MIN_BUCKET) return MIN_BUCKET;
        if (bytes <= LARGE) return Long.highestOneBit(bytes - 1) << 1;
        return (bytes + LARGE - 1) / LARGE * LARGE;
    }

    /** A block of at least {@code bytes}: a cached one of the same bucket if any, else a new one. */
    synchronized B take(long bytes) {
        long size = bucket(bytes);
        ArrayDeque<B> list = free.get(size);
        B block = list == null ? null : list.pollLast();
        if (block != null) {
            cachedBytes -= size;
        } else {
            block = backend.allocate(size);
            if (block == null) {           // out of memory: give the cache back to the driver and retry once
                trim();
                block = backend.allocate(size);
            }
            if (block == null) throw new CudaException("CUDA: out of device memory allocating " + size + " bytes ("
                    + liveBlocks + " live buffers hold " + liveBytes + " bytes)");
        }
        liveBlocks++;
        liveBytes += bytes;
        return block;
    }

    /** Returns a block taken for {@code bytes} to its free list. */
    synchronized void give(B block, long bytes) {
        long size = bucket(bytes);
        liveBlocks--;
        liveBytes -= bytes;
        if (size > capBytes) {
            backend.free(block);
            return;
        }
        if (cachedBytes + size > capBytes) trim();
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).addLast(block);
        cachedBytes += size;
    }

    /** Frees every cached block. */
    synchronized void trim() {
        for (ArrayDeque<B> list : free.values()) for (B b : list) backend.free(b);
        free.clear();
        cachedBytes = 0;
    }

    synchronized long cachedBytes() { return cachedBytes; }

    synchronized long liveBlocks() { return liveBlocks; }

    /** Bytes asked for by the live blocks (each reserves its bucket, which may be more). */
    synchronized long liveBytes() { return liveBytes; }
}
