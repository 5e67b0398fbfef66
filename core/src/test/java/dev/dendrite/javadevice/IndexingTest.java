package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** index-select, index-add, gather and scatter-add against plain loops. */
class IndexingTest {
    final JavaDevice device = SCALAR_1;
    final Random random = new Random(40);

    /** On every configuration; the last shape's blocks are shared between threads, its rows added by vectors. */
    @org.junit.jupiter.params.ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @org.junit.jupiter.params.provider.MethodSource("devices")
    void indexSelectAndIndexAddWithRepeatedIndices(JavaDevice device) {
        for (int[] g : new int[][] {{1, 5, 1, 3}, {3, 17, 4, 33}, {2, 1, 129, 3}, {1, 10, 7, 0}, {120, 30, 64, 20}}) {
            int outer = g[0], len = g[1], inner = g[2], count = g[3];
            float[] src = randomFloats(random, outer * len * inner);
            int[] idx = new int[count];
            for (int j = 0; j < count; j++) idx[j] = random.nextInt(len);
            float[] expected = new float[outer * count * inner];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < count; j++)
                    for (int i = 0; i < inner; i++)
                        expected[(o * count + j) * inner + i] = src[(o * len + idx[j]) * inner + i];
            DeviceBuffer sb = upload(device, src), ib = upload(device, idx), db = device.allocate(DType.F32, expected.length);
            device.indexSelect(sb, outer, len, inner, ib, count, db);
            assertArrayEquals(expected, download(device, db));

            // index-add the picked rows back onto a copy of src: repeated indices accumulate.
            float[] grad = randomFloats(random, outer * count * inner);
            double[] accumulated = new double[src.length];
            for (int p = 0; p < src.length; p++) accumulated[p] = src[p];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < count; j++)
                    for (int i = 0; i < inner; i++)
                        accumulated[(o * len + idx[j]) * inner + i] += grad[(o * count + j) * inner + i];
            DeviceBuffer gb = upload(device, grad);
            device.indexAdd(sb, outer, len, inner, ib, count, gb);
            assertClose(ConvolutionAndPoolingTest.toFloats(accumulated), download(device, sb), 1e-6, 1e-6, "indexAdd");
            releaseAll(device, sb, ib, db, gb);
        }
    }

    static java.util.List<JavaDevice> devices() { return JavaDevices.all(); }

    /** On every configuration; the last shape has enough blocks that they are shared between threads. */
    @org.junit.jupiter.params.ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @org.junit.jupiter.params.provider.MethodSource("devices")
    void gatherAndScatterAdd(JavaDevice device) {
        for (int[] g : new int[][] {{128, 10, 1, 1}, {3, 17, 5, 4}, {1, 33, 2, 33}, {200, 20, 40, 30}}) {
            int outer = g[0], len = g[1], inner = g[2], count = g[3];
            float[] src = randomFloats(random, outer * len * inner);
            int[] idx = new int[outer * count * inner];
            for (int p = 0; p < idx.length; p++) idx[p] = random.nextInt(len);
            float[] expected = new float[idx.length];
            double[] scattered = new double[src.length];
            float[] add = randomFloats(random, idx.length);
            for (int p = 0; p < src.length; p++) scattered[p] = src[p];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < count; j++)
                    for (int i = 0; i < inner; i++) {
                        int p = (o * count + j) * inner + i;
                        expected[p] = src[(o * len + idx[p]) * inner + i];
                        scattered[(o * len + idx[p]) * inner + i] += add[p];
                    }
            DeviceBuffer sb = upload(device, src), ib = upload(device, idx), db = device.allocate(DType.F32, idx.length);
            device.gather(sb, outer, len, inner, ib, count, db);
            assertArrayEquals(expected, download(device, db));
            DeviceBuffer ab = upload(device, add);
            device.scatterAdd(sb, outer, len, inner, ib, count, ab);
            assertClose(ConvolutionAndPoolingTest.toFloats(scattered), download(device, sb), 1e-6, 1e-6, "scatterAdd");
            releaseAll(device, sb, ib, db, ab);
        }
    }

    @Test
    void badIndicesNameTheOpAndTheIndex() {
        DeviceBuffer src = device.allocate(DType.F32, 6), idx = upload(device, new int[] {0, 3}), dst = device.allocate(DType.F32, 4);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> device.indexSelect(src, 1, 3, 2, idx, 2, dst));
        assertTrue(e.getMessage().contains("indexSelect") && e.getMessage().contains("3"), e.getMessage());
        device.upload(new int[] {-1}, 0, idx, 0, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> device.gather(src, 1, 3, 2, idx, 1, dst));
        releaseAll(device, src, idx, dst);
    }

    /** Every index is checked before anything is added: a bad last index leaves the destination as it was. */
    @Test
    void aScatterAddWithABadIndexAddsNothing() {
        float[] before = {1, 2, 3, 4, 5, 6};
        DeviceBuffer dst = upload(device, before), idx = upload(device, new int[] {0, 1, 2, 3}),
                add = upload(device, new float[] {10, 20, 30, 40});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> device.scatterAdd(dst, 1, 3, 2, idx, 2, add));
        assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("index 3"), e.getMessage());
        assertArrayEquals(before, download(device, dst));
        releaseAll(device, dst, idx, add);
    }
}
