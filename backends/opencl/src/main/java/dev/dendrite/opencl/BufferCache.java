package dev.dendrite.opencl;

import static org.jocl.CL.*;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * The caching allocator: freed cl_mem objects go into free lists by size bucket and are handed out
 * again for the next request of the same bucket, so a training step that repeats the same shapes
 * creates no new buffer once warm (creating one costs a driver call and, on a GPU, a device-side
 * allocation and possibly a synchronisation).
 *
 * <p>Buckets: sizes round up to 8 steps per power of two (..., 1024, 1152, 1280, ..., 1920, 2048,
 * 2304, ...), so at most 12.5% of a buffer is slack, with a floor of {@value #MIN_BYTES} bytes.
 * Reusing a buffer right after release is safe because the queue is in order: any kernel still
 * reading the old contents runs before anything enqueued later writes the new ones.
 *
 * <p>The free lists hold at most {@code capBytes}: a buffer that would take them over the cap
 * first empties them (back to the driver), so buffers of shapes no longer in use (an evaluation at
 * a large batch, say) do not stay reserved beside those in use now; a buffer larger than the cap
 * is not kept at all. On a CPU driver such as PoCL the buffers are the host's memory.
 */
final class BufferCache {
    static final long MIN_BYTES = 256;

    private final cl_context context;
    private final long capBytes;
    private final boolean exact;
    private final Map<Long, ArrayDeque<cl_mem>> free = new HashMap<>();
    private long cachedBytes;
    private long created;

    /**
     * @param exact buffers of exactly the bytes asked for, no bucket slack: so a checking driver
     *              (Oclgrind) sees a read one past the end of a tensor as past the end of its buffer
     */
    BufferCache(cl_context context, long capBytes, boolean exact) {
        this.context = context;
        this.capBytes = capBytes;
        this.exact = exact;
    }

    /** The capacity a request of {@code bytes} gets: its bucket, or exactly the bytes (at least 4). */
    long capacityFor(long bytes) {
        return exact ? Math.max(bytes, 4) : bucket(bytes);
    }

    /** The bucket a request of {@code bytes} is served from. */
    static long bucket(long bytes) {
        if (bytes <= MIN_BYTES) return MIN_BYTES;
        long top = Long.highestOneBit(bytes - 1);      // the largest power of two below bytes
        long step = Math.max(top / 8, 1);
        return (bytes + step - 1) / step * step;
    }

    /** A cl_mem of exactly {@code capacity} bytes (a bucket size): from the free list, or new. */
    cl_mem take(long capacity) {
        ArrayDeque<cl_mem> list = free.get(capacity);
        if (list != null && !list.isEmpty()) {
            cachedBytes -= capacity;
            return list.pop();
        }
        try {
            return create(capacity);
        } catch (CLException e) {
            if (cachedBytes == 0) throw e;
            clear();                  // out of memory: give the cache back to the driver and retry once
            return create(capacity);
        }
    }

    private cl_mem create(long capacity) {
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, capacity, null, null);
        created++;
        return mem;
    }

    void give(cl_mem mem, long capacity) {
        if (capacity > capBytes) {
            clReleaseMemObject(mem);
            return;
        }
        if (cachedBytes + capacity > capBytes) clear();
        free.computeIfAbsent(capacity, c -> new ArrayDeque<>()).push(mem);
        cachedBytes += capacity;
    }

    /** Bytes held in the free lists. */
    long cachedBytes() { return cachedBytes; }

    /** How many cl_mem objects this cache has created in total (a warm step adds none). */
    long created() { return created; }

    /** Releases every cached cl_mem. */
    void clear() {
        for (ArrayDeque<cl_mem> list : free.values()) {
            for (cl_mem m : list) clReleaseMemObject(m);
        }
        free.clear();
        cachedBytes = 0;
    }
}
