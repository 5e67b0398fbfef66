package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, on a fake driver that hands out numbered blocks. */
class CachingAllocatorTest {

    /** Blocks are byte counts wrapped in objects; the fake can be told how much memory it has. */
    static final class FakeDriver implements CachingAllocator.Backend<long[]> {
        long capacity = Long.MAX_VALUE;
        long used;
        final List<Long> allocations = new ArrayList<>();
        int frees;

        @Override public long[] allocate(long bytes) {
            if (used + bytes > capacity) return null;
            used += bytes;
            allocations.add(bytes);
            return new long[] {bytes};
        }

        @Override public void free(long[] block) {
            used -= block[0];
            frees++;
        }
    }

    @Test
    void bucketsArePowersOfTwoThenMebibytes() {
        assertEquals(256, CachingAllocator.bucket(0));
        assertEquals(256, CachingAllocator.bucket(1));
        assertEquals(256, CachingAllocator.bucket(256));
        assertEquals(512, CachingAllocator.bucket(257));
        assertEquals(4096, CachingAllocator.bucket(4000));
        assertEquals(1 << 20, CachingAllocator.bucket((1 << 20) - 3));
        assertEquals(2 << 20, CachingAllocator.bucket((1 << 20) + 1));
        assertEquals(3 << 20, CachingAllocator.bucket((2 << 20) + 5));
        for (long bytes = 1; bytes < (5 << 20); bytes = bytes * 3 + 7) {
            assertTrue(CachingAllocator.bucket(bytes) >= bytes, "bucket covers the request " + bytes);
        }
    }

    @Test
    void aWarmLoopAllocatesNothingNew() {
        FakeDriver driver = new FakeDriver();
        CachingAllocator<long[]> allocator = new CachingAllocator<>(driver, Long.MAX_VALUE);
        for (int step = 0; step < 5; step++) {
            long[] a = allocator.take(1000);
            long[] b = allocator.take(3000);
            long[] c = allocator.take(5_000_000);
            allocator.give(a, 1000);
            allocator.give(b, 3000);
            allocator.give(c, 5_000_000);
        }
        assertEquals(List.of(1024L, 4096L, 5L << 20), driver.allocations, "only the first step reaches the driver");
        assertEquals(0, allocator.liveBlocks());
        assertEquals(0, allocator.liveBytes());
        assertEquals(1024 + 4096 + (5L << 20), allocator.cachedBytes());
    }

    @Test
    void statsCountLiveRequestsAndCachedBuckets() {
        CachingAllocator<long[]> allocator = new CachingAllocator<>(new FakeDriver(), Long.MAX_VALUE);
        long[] a = allocator.take(100);
        long[] b = allocator.take(700);
        assertEquals(2, allocator.liveBlocks());
        assertEquals(800, allocator.liveBytes());
        assertEquals(0, allocator.cachedBytes());
        allocator.give(b, 700);
        assertEquals(1, allocator.liveBlocks());
        assertEquals(100, allocator.liveBytes());
        assertEquals(1024, allocator.cachedBytes());
        long[] again = allocator.take(600);      // same bucket as 700: the cached block comes back
        assertSame(b, again);
        long[] other = allocator.take(2000);     // another bucket: a new block
        assertNotSame(b, other);
        allocator.give(a, 100);
        allocator.give(again, 600);
        allocator.give(other, 2000);
        allocator.trim();
        assertEquals(0, allocator.cachedBytes());
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetries() {
        FakeDriver driver = new FakeDriver();
        driver.capacity = 4096;
        CachingAllocator<long[]> allocator = new CachingAllocator<>(driver, Long.MAX_VALUE);
        allocator.give(allocator.take(2048), 2048);
        allocator.give(allocator.take(1024), 1024);
        long[] big = allocator.take(4000);        // needs 4096: only fits once the cache is freed
        assertEquals(4096, big[0]);
        assertEquals(2, driver.frees);
        assertEquals(0, allocator.cachedBytes());
        CudaException e = assertThrows(CudaException.class, () -> allocator.take(10));
        assertTrue(e.getMessage().contains("out of device memory"), e.getMessage());
    }

    @Test
    void theFreeListsEmptyThemselvesRatherThanGrowPastTheCap() {
        FakeDriver driver = new FakeDriver();
        CachingAllocator<long[]> allocator = new CachingAllocator<>(driver, 4096);
        allocator.give(allocator.take(2048), 2048);
        allocator.give(allocator.take(1024), 1024);
        assertEquals(3072, allocator.cachedBytes());
        assertEquals(0, driver.frees);
        allocator.give(allocator.take(1500), 1500); // bucket 2048: the cached one is reused and given back
        assertEquals(2, driver.allocations.size(), "a cached block of the same bucket is reused");
        assertEquals(3072, allocator.cachedBytes());
        allocator.give(allocator.take(1100), 1100); // bucket 1536... rounds to 2048: reused again
        allocator.give(allocator.take(4000), 4000); // bucket 4096: 3072 + 4096 > 4096, the lists are emptied first
        assertEquals(4096, allocator.cachedBytes());
        assertEquals(2, driver.frees, "the two cached blocks went back to the driver");
        allocator.give(allocator.take(5000), 5000); // bucket 8192, over the cap: freed at once
        assertEquals(4096, allocator.cachedBytes());
        assertEquals(3, driver.frees);
        assertEquals(0, allocator.liveBlocks());
        assertEquals(0, allocator.liveBytes());
    }
}
