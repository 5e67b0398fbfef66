package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MemoryStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Buffers, uploads and downloads, checked on the device alone against values known on the host:
 * offsets on both sides of a transfer, zero-length buffers and transfers, uploads that copy the
 * host array (so an asynchronous device cannot read it late), and memory statistics that count
 * every buffer handed out and return to their baseline when all are released.
 */
final class MemoryCases {
    private MemoryCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(onDevice("device has a name and a description", MemoryCases::identity));
        cases.add(onDevice("upload/download F32 with offsets", MemoryCases::floatsWithOffsets));
        cases.add(onDevice("upload/download I32 with offsets", MemoryCases::intsWithOffsets));
        cases.add(onDevice("upload copies the host array", MemoryCases::uploadCopies));
        cases.add(onDevice("zero-length buffers and transfers", MemoryCases::zeroLength));
        cases.add(onDevice("memoryStats counts buffers and bytes and returns to baseline", MemoryCases::stats));
        cases.add(onDevice("memoryStats returns to baseline after 200 allocate/release cycles", MemoryCases::churn));
        return cases;
    }

    private static ConformanceCase onDevice(String name, Consumer<Device> check) {
        return new ConformanceCase() {
            @Override public String name() { return "memory: " + name; }

            @Override public void run(CaseContext context) { check.accept(context.device()); }
        };
    }

    private static void identity(Device d) {
        assertNotNull(d.name(), "Device.name()");
        assertFalse(d.name().isBlank(), "Device.name() is blank");
        assertNotNull(d.description(), "Device.description()");
        assertFalse(d.description().isBlank(), "Device.description() is blank");
    }

    private static void floatsWithOffsets(Device d) {
        float[] host = new float[40];
        for (int i = 0; i < host.length; i++) host[i] = i * 1.5f - 7f;
        DeviceBuffer b = d.allocate(DType.F32, 33);
        try {
            assertEquals(DType.F32, b.dtype(), "allocate(F32, 33).dtype()");
            assertEquals(33, b.length(), "allocate(F32, 33).length()");
            assertEquals(132, b.bytes(), "allocate(F32, 33).bytes()");
            d.upload(host, 5, b, 3, 17);          // buffer[3..20) = host[5..22)
            d.upload(host, 30, b, 20, 10);        // buffer[20..30) = host[30..40)
            float[] out = new float[25];
            Arrays.fill(out, -1f);
            d.download(b, 3, out, 2, 20);         // out[2..22) = buffer[3..23)
            float[] expected = new float[25];
            Arrays.fill(expected, -1f);
            System.arraycopy(host, 5, expected, 2, 17);
            System.arraycopy(host, 30, expected, 19, 3);
            assertArrayEquals(expected, out, 0f, "download(buffer, 3, out, 2, 20) after two uploads with offsets");
        } finally {
            d.release(b);
        }
    }

    private static void intsWithOffsets(Device d) {
        int[] host = new int[40];
        for (int i = 0; i < host.length; i++) host[i] = i * 1000 - 17_000;
        DeviceBuffer b = d.allocate(DType.I32, 17);
        try {
            assertEquals(DType.I32, b.dtype(), "allocate(I32, 17).dtype()");
            assertEquals(17, b.length(), "allocate(I32, 17).length()");
            d.upload(host, 7, b, 1, 16);          // buffer[1..17) = host[7..23)
            int[] out = new int[20];
            Arrays.fill(out, 99);
            d.download(b, 4, out, 3, 13);         // out[3..16) = buffer[4..17) = host[10..23)
            int[] expected = new int[20];
            Arrays.fill(expected, 99);
            System.arraycopy(host, 10, expected, 3, 13);
            assertArrayEquals(expected, out, "download(buffer, 4, out, 3, 13) after upload(host, 7, buffer, 1, 16)");
        } finally {
            d.release(b);
        }
    }

    private static void uploadCopies(Device d) {
        float[] host = new float[129];
        for (int i = 0; i < host.length; i++) host[i] = i;
        float[] original = host.clone();
        DeviceBuffer b = d.allocate(DType.F32, host.length);
        try {
            d.upload(host, 0, b, 0, host.length);
            Arrays.fill(host, -1f);               // must not reach the buffer
            float[] out = new float[host.length];
            d.download(b, 0, out, 0, out.length);
            assertArrayEquals(original, out, 0f, "buffer changed when the host array was changed after upload");
        } finally {
            d.release(b);
        }
    }

    private static void zeroLength(Device d) {
        long base = d.memoryStats().liveBuffers();
        DeviceBuffer f = d.allocate(DType.F32, 0);
        DeviceBuffer i = d.allocate(DType.I32, 0);
        try {
            assertEquals(0, f.length(), "allocate(F32, 0).length()");
            d.upload(new float[3], 1, f, 0, 0);
            d.upload(new int[3], 1, i, 0, 0);
            d.fill(f, 0, 0, 1f);
            float[] out = {5f};
            d.download(f, 0, out, 1, 0);
            assertEquals(5f, out[0], "a zero-length download wrote to the host array");
            d.synchronize();
        } finally {
            d.release(f);
            d.release(i);
        }
        assertEquals(base, d.memoryStats().liveBuffers(), "live buffers after releasing two zero-length buffers");
    }

    private static void stats(Device d) {
        MemoryStats base = d.memoryStats();
        assertTrue(base.liveBuffers() >= 0 && base.liveBytes() >= 0 && base.cachedBytes() >= 0, "negative memoryStats " + base);
        DeviceBuffer a = d.allocate(DType.F32, 10);
        DeviceBuffer b = d.allocate(DType.I32, 7);
        DeviceBuffer c = d.allocate(DType.F32, 129);
        try {
            MemoryStats live = d.memoryStats();
            assertEquals(base.liveBuffers() + 3, live.liveBuffers(), "liveBuffers after 3 allocations (before: " + base + ")");
            // A caching allocator may round sizes up, so at least the bytes asked for.
            assertTrue(live.liveBytes() >= base.liveBytes() + 4 * (10 + 7 + 129),
                    "liveBytes after allocating 146 elements of 4 bytes: before " + base + ", after " + live);
        } finally {
            d.release(a);
            d.release(b);
            d.release(c);
        }
        MemoryStats after = d.memoryStats();
        assertEquals(base.liveBuffers(), after.liveBuffers(), "liveBuffers after releasing everything (before: " + base + ")");
        assertEquals(base.liveBytes(), after.liveBytes(), "liveBytes after releasing everything (before: " + base + ")");
    }

    private static void churn(Device d) {
        MemoryStats base = d.memoryStats();
        int[] sizes = {1, 3, 17, 33, 129, 1000, 4099};
        for (int i = 0; i < 200; i++) {
            DeviceBuffer x = d.allocate(i % 3 == 0 ? DType.I32 : DType.F32, sizes[i % sizes.length]);
            DeviceBuffer y = d.allocate(DType.F32, sizes[(i * 5) % sizes.length]);
            d.fill(y, 0, y.length(), i);
            d.release(x);
            d.release(y);
        }
        d.synchronize();
        MemoryStats after = d.memoryStats();
        assertEquals(base.liveBuffers(), after.liveBuffers(), "liveBuffers after 200 allocate/release cycles (before: " + base + ")");
        assertEquals(base.liveBytes(), after.liveBytes(), "liveBytes after 200 allocate/release cycles (before: " + base + ")");
    }
}
