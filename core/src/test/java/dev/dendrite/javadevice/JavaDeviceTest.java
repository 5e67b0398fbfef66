package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Devices;
import dev.dendrite.device.Distribution;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.device.Philox;
import dev.dendrite.device.View;
import org.junit.jupiter.api.Test;

/** Memory accounting, transfers, fill, random and discovery of the java device. */
class JavaDeviceTest {

    @Test
    void memoryStatsCountLiveBuffersAndBytes() {
        JavaDevice device = new JavaDevice(JavaDevice.Options.scalar());
        DeviceBuffer a = device.allocate(DType.F32, 10), b = device.allocate(DType.I32, 3);
        assertEquals(new MemoryStats(2, 52, 0), device.memoryStats());
        float[] array = ((JavaBuffer) a).floats();
        device.release(a);
        assertEquals(new MemoryStats(1, 12, 40), device.memoryStats(), "a's array is pooled, not live");
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> device.release(a));
        assertTrue(twice.getMessage().contains("already released"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> device.fill(a, 0, 1, 0f), "use after release");
        device.release(b);
        assertEquals(new MemoryStats(0, 0, 52), device.memoryStats());
        DeviceBuffer again = device.allocate(DType.F32, 10);
        assertSame(array, ((JavaBuffer) again).floats(), "a released array of the same length is reused");
        assertEquals(new MemoryStats(1, 40, 12), device.memoryStats());
        assertThrows(IllegalStateException.class, () -> device.fill(a, 0, 1, 0f), "the old buffer stays released");
        device.release(again);
        JavaDevice other = new JavaDevice(JavaDevice.Options.scalar());
        DeviceBuffer foreign = other.allocate(DType.F32, 1);
        assertThrows(IllegalArgumentException.class, () -> device.release(foreign));
        other.release(foreign);
        device.close();
        other.close();
        assertEquals(0, device.memoryStats().cachedBytes(), "close empties the pool");
    }

    @Test
    void badGeometryNamesTheOpTheShapeAndTheBuffer() {
        JavaDevice device = new JavaDevice(JavaDevice.Options.scalar()); // its own: the buffers below are left live
        DeviceBuffer a = device.allocate(DType.F32, 6), b = device.allocate(DType.F32, 6), c = device.allocate(DType.F32, 3);
        var shape = new dev.dendrite.device.MatmulShape(1, 2, 2, 3, false, false, 6, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> device.matmul(shape, a, 0, b, 0, c));
        assertEquals("matmul " + shape + ": C needs elements [0, 4) but its buffer holds 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> device.matmul(shape, a, 1, b, 0, device.allocate(DType.F32, 4)));
        assertTrue(e.getMessage().contains(": A needs elements [1, 7) but its buffer holds 6"), e.getMessage());
        var conv = new dev.dendrite.device.Conv2dShape(1, 1, 3, 3, 2, 2, 2, 1, 1, 0, 0);
        e = assertThrows(IllegalArgumentException.class, () -> device.conv2d(conv, View.contiguous(a, new int[] {1, 1, 3, 3}),
                device.allocate(DType.F32, 8), device.allocate(DType.F32, 1), device.allocate(DType.F32, 8)));
        assertTrue(e.getMessage().startsWith("conv2d " + conv), e.getMessage());
        device.close();
    }

    @Test
    void arrayPoolReusesByExactLengthAndStaysUnderItsCap() {
        ArrayPool pool = new ArrayPool(100);
        float[] twenty = new float[20], ten = new float[10];
        pool.give(twenty);
        assertEquals(80, pool.bytes());
        assertNull(pool.takeFloats(19), "lengths must match exactly");
        assertNull(pool.takeInts(20), "ints and floats are pooled apart");
        pool.give(ten); // 80 + 40 > 100: the oldest array (twenty) leaves first
        assertEquals(40, pool.bytes());
        assertNull(pool.takeFloats(20));
        assertSame(ten, pool.takeFloats(10));
        assertEquals(0, pool.bytes());
        pool.give(new float[26]); // 104 bytes: over the cap, never pooled
        assertEquals(0, pool.bytes());
        int[] ints = new int[5];
        pool.give(ints);
        assertSame(ints, pool.takeInts(5));
        assertNull(pool.takeInts(5));
    }

    @Test
    void arrayPoolEvictsOldestFirstAndKeepsTheRest() {
        ArrayPool pool = new ArrayPool(100);
        float[] a = new float[5], b = new float[5], c = new float[10];
        int[] d = new int[5];
        pool.give(a);
        pool.give(d);
        pool.give(b);
        pool.give(c); // 20 + 20 + 20 + 40 = 100: full, nothing evicted
        assertEquals(100, pool.bytes());
        pool.give(new float[4]); // needs 16 bytes: only a (the oldest) leaves
        assertEquals(96, pool.bytes());
        assertSame(b, pool.takeFloats(5), "b stays; a was evicted");
        assertNull(pool.takeFloats(5));
        assertSame(d, pool.takeInts(5));
        assertSame(c, pool.takeFloats(10));
        // churn of takes behind an array that is never taken must not grow the pool's bookkeeping
        pool.give(new float[1]);
        for (int i = 0; i < 10_000; i++) {
            pool.give(new float[2]);
            assertNotNull(pool.takeFloats(2));
        }
        assertEquals(16 + 4, pool.bytes(), "the float[4] and float[1] are still pooled");
        pool.give(new float[20]); // 20 + 80 = 100: fits
        pool.give(new float[3]); // 112 > 100: evicts the float[4] (the oldest), which makes room
        assertEquals(96, pool.bytes());
        assertNull(pool.takeFloats(4));
        assertNotNull(pool.takeFloats(1));
    }

    @Test
    void uploadDownloadAndFill() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer f = device.allocate(DType.F32, 5), i = device.allocate(DType.I32, 5);
        device.fill(f, 0, 5, 2.5f);
        device.upload(new float[] {9, 8, 7}, 1, f, 3, 2);
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 8, 7}, download(device, f));
        device.fill(i, 1, 3, -2.7f);
        assertArrayEquals(new int[] {0, -2, -2, -2, 0}, downloadInts(device, i));
        float[] part = new float[4];
        device.download(f, 2, part, 1, 3);
        assertArrayEquals(new float[] {0, 2.5f, 8, 7}, part);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> device.upload(new float[3], 0, f, 3, 3));
        assertTrue(e.getMessage().contains("upload"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> device.upload(new float[3], 0, i, 0, 3), "dtype mismatch");
        assertThrows(IllegalArgumentException.class, () -> device.allocate(DType.F32, -1));
        releaseAll(device, f, i);
    }

    @Test
    void randomIsPhiloxWithTheDocumentedMapping() {
        for (JavaDevice device : JavaDevices.all()) {
            int n = 100_003;
            DeviceBuffer u = device.allocate(DType.F32, n), z = device.allocate(DType.F32, n);
            device.random(u, n, Distribution.UNIFORM, 42L, 5L, -1f, 3f);
            device.random(z, n, Distribution.NORMAL, 42L, 5L, 2f, 0.5f);
            float[] uv = download(device, u), zv = download(device, z);
            double mean = 0, var = 0;
            for (int k = 0; k < n; k++) {
                assertEquals(-1f + 4f * Philox.uniform(42L, 5L + k), uv[k], "uniform element " + k);
                assertEquals(2f + 0.5f * Philox.normal(42L, 5L + k), zv[k], "normal element " + k);
                assertTrue(uv[k] >= -1f && uv[k] < 3f);
                mean += zv[k];
            }
            mean /= n;
            for (float v : zv) var += (v - mean) * (v - mean);
            var /= n;
            assertEquals(2.0, mean, 0.01);
            assertEquals(0.25, var, 0.01);
            releaseAll(device, u, z);
        }
    }

    @Test
    void foundByServiceLoaderAsJava() {
        assertTrue(Devices.names().contains("java"));
        assertTrue(Devices.isAvailable("java"));
        Device d = Devices.get("java");
        assertInstanceOf(JavaDevice.class, d);
        assertEquals("java", d.name());
        assertTrue(d.description().startsWith("java"));
        assertTrue(new JavaDeviceProvider().priority() == 0 && new JavaDeviceProvider().unavailableReason() == null);
    }

    @Test
    void optionsChooseTheMicroKernel() {
        assertTrue(SCALAR_1.description().contains("scalar micro-kernel"), SCALAR_1.description());
        if (VECTOR_2 != null) {
            assertTrue(VECTOR_2.description().contains("Vector API micro-kernel"), VECTOR_2.description());
            assertTrue(VECTOR_2.description().contains("2 threads"), VECTOR_2.description());
        }
        // Under Maven the module is added (the parent POM passes --add-modules), so the default is the vector path.
        assertTrue(JavaDevice.vectorApiAvailable(), "tests run with jdk.incubator.vector");
        assertTrue(JavaDevice.Options.defaults().vector());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new JavaDevice.Options(false, 0));
        JavaDevice scalar = new JavaDevice(JavaDevice.Options.scalar());
        assertEquals(new JavaDevice.Options(false, 1), scalar.options());
        scalar.close();
    }
}
