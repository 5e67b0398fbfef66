package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Devices;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator: a warm step creates no cl_mem; stats count what is handed out and what is cached. */
class OpenClMemoryTest {
    private final OpenClDevice cl = OpenClTestSupport.device();

    @Test
    void bucketsRoundUpByAtMostOneEighth() {
        assertEquals(256, BufferCache.bucket(1));
        assertEquals(256, BufferCache.bucket(256));
        assertEquals(288, BufferCache.bucket(257));
        assertEquals(1024, BufferCache.bucket(1024));
        assertEquals(1152, BufferCache.bucket(1025));
        for (long bytes = 300; bytes < 50_000_000; bytes = bytes * 3 / 2 + 7) {
            long b = BufferCache.bucket(bytes);
            assertTrue(b >= bytes && b <= bytes * 9 / 8 + 1, bytes + " -> " + b);
        }
    }

    /** A toy training step (temporaries allocated and released, conv with its internal buffers, an update). */
    private void step(DeviceBuffer w, DeviceBuffer x) {
        Conv2dShape s = new Conv2dShape(4, 2, 10, 10, 3, 3, 3, 1, 1, 0, 0);
        List<DeviceBuffer> temps = new ArrayList<>();
        DeviceBuffer out = cl.allocate(DType.F32, 4 * 3 * 64);
        temps.add(out);
        cl.conv2d(s, x, w, null, out);
        DeviceBuffer act = cl.allocate(DType.F32, 4 * 3 * 64);
        temps.add(act);
        cl.unary(UnaryOp.RELU, 0, new int[] {768}, View.contiguous(out, new int[] {768}), act);
        DeviceBuffer gw = cl.allocate(DType.F32, 3 * 2 * 9);
        temps.add(gw);
        cl.conv2dBackwardWeight(s, x, act, gw);
        DeviceBuffer sum = cl.allocate(DType.F32, 1);
        temps.add(sum);
        cl.reduce(ReduceOp.SUM, act, 1, 768, 1, sum);
        DeviceBuffer prod = cl.allocate(DType.F32, 9 * 9);
        temps.add(prod);
        cl.matmul(MatmulShape.of(9, 9, 6), gw, 0, gw, 0, prod);
        cl.binary(BinaryOp.MUL, new int[] {54}, View.contiguous(gw, new int[] {54}), View.contiguous(gw, new int[] {54}), gw);
        cl.sgdUpdate(w, gw, null, 54, new SgdParams(0.01f, 0, 0, 0, false, false));
        float[] loss = new float[1];
        cl.download(sum, 0, loss, 0, 1);
        for (DeviceBuffer t : temps) cl.release(t);
    }

    @Test
    void warmStepsCreateNoNewBuffersAndLeakNothing() {
        DeviceBuffer w = cl.allocate(DType.F32, 54), x = cl.allocate(DType.F32, 4 * 2 * 100);
        try {
            cl.fill(w, 0, 54, 0.1f);
            cl.fill(x, 0, 800, 0.5f);
            step(w, x);
            step(w, x);
            MemoryStats before = cl.memoryStats();
            long created = cl.createdBuffers();
            for (int i = 0; i < 5; i++) step(w, x);
            assertEquals(created, cl.createdBuffers(), "a warm step must not create cl_mem objects");
            MemoryStats after = cl.memoryStats();
            assertEquals(before.liveBuffers(), after.liveBuffers());
            assertEquals(before.liveBytes(), after.liveBytes());
            assertEquals(before.cachedBytes(), after.cachedBytes());
        } finally {
            cl.release(w);
            cl.release(x);
        }
    }

    /** The free lists stay under their cap: a buffer that would overflow them empties them first. */
    @Test
    void theCacheEmptiesItselfRatherThanGrowPastItsCap() {
        BufferCache cache = new BufferCache(cl.context(), 4096, false);
        cache.give(cache.take(2048), 2048);
        assertEquals(2048, cache.cachedBytes());
        cache.give(cache.take(1024), 1024); // reuses nothing (another bucket): 3072 fits
        assertEquals(3072, cache.cachedBytes());
        long created = cache.created();
        cache.give(cache.take(2048), 2048); // the cached 2048 comes back and is given again
        assertEquals(created, cache.created(), "a cached buffer of the same bucket is reused");
        assertEquals(3072, cache.cachedBytes());
        cache.give(cache.take(1536), 1536); // 3072 + 1536 > 4096: the lists are emptied first
        assertEquals(1536, cache.cachedBytes());
        cache.give(cache.take(8192), 8192); // larger than the cap: released, never cached
        assertEquals(1536, cache.cachedBytes());
        cache.clear();
        assertEquals(0, cache.cachedBytes());
    }

    @Test
    void statsCountLiveAndCachedBytes() {
        MemoryStats s0 = cl.memoryStats();
        DeviceBuffer b = cl.allocate(DType.F32, 1000);
        MemoryStats s1 = cl.memoryStats();
        assertEquals(s0.liveBuffers() + 1, s1.liveBuffers());
        assertEquals(s0.liveBytes() + 4000, s1.liveBytes());
        cl.release(b);
        MemoryStats s2 = cl.memoryStats();
        assertEquals(s0.liveBuffers(), s2.liveBuffers());
        assertTrue(s2.cachedBytes() >= 4000, "the released buffer is kept for reuse: " + s2);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> cl.release(b));
        assertTrue(twice.getMessage().contains("already released"), twice.getMessage());
    }

    @Test
    void buffersOfAnotherDeviceAreRejectedClearly() {
        DeviceBuffer foreign = Devices.java().allocate(DType.F32, 4);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cl.fill(foreign, 0, 4, 1f));
            assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        } finally {
            Devices.java().release(foreign);
        }
    }
}
