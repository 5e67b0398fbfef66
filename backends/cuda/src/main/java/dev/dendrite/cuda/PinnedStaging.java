package dev.dendrite.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

/**
 * Asynchronous uploads from Java arrays. cuMemcpyHtoDAsync is only asynchronous from pinned
 * (page-locked) host memory: from a Java array it would wait for the stream first. So uploads go
 * through two pinned chunks used in turn: copy the array into a free chunk (a memcpy on the
 * host), queue the DMA on the stream, record an event; a chunk is written again only after its
 * event says its previous copy has finished. Large uploads are cut into chunks.
 */
final class PinnedStaging implements AutoCloseable {
    static final int CHUNK_BYTES = 4 << 20;

    private final CudaContext context;
    private final Pointer[] host = {new Pointer(), new Pointer()};
    private final ByteBuffer[] bytes = new ByteBuffer[2];
    private final CUevent[] copied = {new CUevent(), new CUevent()};
    private final boolean[] busy = new boolean[2];
    private int next;

    PinnedStaging(CudaContext context) {
        this.context = context;
        for (int i = 0; i < 2; i++) {
            CudaException.check(context.driver().cuMemAllocHost(host[i], CHUNK_BYTES), "cuMemAllocHost");
            bytes[i] = context.driver().hostBuffer(host[i], CHUNK_BYTES).order(ByteOrder.nativeOrder());
            CudaException.check(context.driver().cuEventCreate(copied[i], jcuda.driver.CUevent_flags.CU_EVENT_DISABLE_TIMING),
                    "cuEventCreate");
        }
    }

    void upload(float[] src, int srcOffset, CUdeviceptr dst, long dstByteOffset, int count, CUstream stream) {
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int done = 0; done < count; done += perChunk) {
            int n = Math.min(perChunk, count - done);
            int slot = claim();
            bytes[slot].clear();
            bytes[slot].asFloatBuffer().put(src, srcOffset + done, n);
            send(slot, dst, dstByteOffset + (long) done * Float.BYTES, (long) n * Float.BYTES, stream);
        }
    }

    void upload(int[] src, int srcOffset, CUdeviceptr dst, long dstByteOffset, int count, CUstream stream) {
        int perChunk = CHUNK_BYTES / Integer.BYTES;
        for (int done = 0; done < count; done += perChunk) {
            int n = Math.min(perChunk, count - done);
            int slot = claim();
            bytes[slot].clear();
            bytes[slot].asIntBuffer().put(src, srcOffset + done, n);
            send(slot, dst, dstByteOffset + (long) done * Integer.BYTES, (long) n * Integer.BYTES, stream);
        }
    }

    /** The next chunk, once the copy it last fed has left it. */
    private int claim() {
        int slot = next;
        next = 1 - next;
        if (busy[slot]) CudaException.check(context.driver().cuEventSynchronize(copied[slot]), "cuEventSynchronize");
        return slot;
    }

    private void send(int slot, CUdeviceptr dst, long dstByteOffset, long byteCount, CUstream stream) {
        CudaException.check(context.driver().cuMemcpyHtoDAsync(dst.withByteOffset(dstByteOffset), host[slot], byteCount, stream),
                "cuMemcpyHtoDAsync");
        CudaException.check(context.driver().cuEventRecord(copied[slot], stream), "cuEventRecord");
        busy[slot] = true;
    }

    @Override public void close() {
        for (int i = 0; i < 2; i++) {
            if (busy[i]) context.driver().cuEventSynchronize(copied[i]);
            context.driver().cuEventDestroy(copied[i]);
            context.driver().cuMemFreeHost(host[i]);
        }
    }
}
