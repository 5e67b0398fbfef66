package dev.dendrite.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.Devices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 10 examples of shape [2] whose features encode their index: (i, 100 + i), label i % 3. */
    static ArrayDataset indexed(int n) {
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i % 3;
        }
        return ArrayDataset.classification(x, new int[] {2}, y);
    }

    /** Example indices in the order one epoch delivers them, checking features and labels agree. */
    static List<Integer> order(DataLoader loader, int epoch, List<Integer> batchSizes) {
        List<Integer> seen = new ArrayList<>();
        for (Batch b : loader.epoch(epoch)) {
            try (b) {
                float[] x = b.inputs().toFloatArray();
                int[] y = b.targets().toIntArray();
                assertEquals(b.size(), y.length);
                assertArrayEquals(new int[] {b.size(), 2}, b.inputs().shape());
                assertEquals(DType.I32, b.targets().dtype());
                batchSizes.add(b.size());
                for (int i = 0; i < b.size(); i++) {
                    int index = (int) x[2 * i];
                    assertEquals(100 + index, x[2 * i + 1]);
                    assertEquals(index % 3, y[i]);
                    seen.add(index);
                }
            }
        }
        return seen;
    }

    @Test
    void inOrderBatchesKeepTheShortLastBatch() {
        DataLoader loader = new DataLoader(indexed(10), 4);
        assertEquals(3, loader.numBatches());
        List<Integer> sizes = new ArrayList<>();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order(loader, 0, sizes));
        assertEquals(List.of(4, 4, 2), sizes);
        loader.close();
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader loader = new DataLoader(indexed(10), 4, true, true, 1);
        assertEquals(2, loader.numBatches());
        assertEquals(8, loader.numExamples());
        List<Integer> sizes = new ArrayList<>();
        assertEquals(8, order(loader, 0, sizes).size());
        assertEquals(List.of(4, 4), sizes);
        loader.close();
    }

    @Test
    void shufflingIsSeededPerEpochAndCoversEveryExampleOnce() {
        DataLoader a = new DataLoader(indexed(50), 7, true, false, 42);
        DataLoader b = new DataLoader(indexed(50), 7, true, false, 42);
        DataLoader c = new DataLoader(indexed(50), 7, true, false, 43);
        List<Integer> a0 = order(a, 0, new ArrayList<>());
        List<Integer> a1 = order(a, 1, new ArrayList<>());
        assertEquals(a0, order(b, 0, new ArrayList<>()), "same seed and epoch, same order");
        assertEquals(a1, order(b, 1, new ArrayList<>()));
        assertNotEquals(a0, a1, "a new order each epoch");
        assertNotEquals(a0, order(c, 0, new ArrayList<>()), "another seed, another order");
        int[] sorted = a0.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] all = new int[50];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted, "a permutation");
        assertNotEquals(List.copyOf(a0).subList(0, 10), List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        // nextEpoch() walks the epochs in turn.
        DataLoader d = new DataLoader(indexed(50), 7, true, false, 42);
        List<Integer> first = new ArrayList<>();
        for (Batch batch : d.nextEpoch()) {
            try (batch) {
                for (float v : batch.inputs().toFloatArray()) if (v < 100) first.add((int) v);
            }
        }
        assertEquals(a0, first);
        for (DataLoader l : List.of(a, b, c, d)) l.close();
    }

    @Test
    void shufflePermutationIsPinned() {
        // The order depends on this file's algorithm alone; pin it so a change is noticed.
        assertArrayEquals(new int[] {6, 0, 7, 5, 1, 3, 2, 4}, Shuffle.permutation(8, 7, 0));
        assertArrayEquals(new int[] {2, 1, 7, 3, 4, 5, 6, 0}, Shuffle.permutation(8, 7, 1));
        int[] p = Shuffle.permutation(100_000, 1, 2);
        long sum = 0;
        for (int v : p) sum += v;
        assertEquals(99_999L * 100_000 / 2, sum);
        // Each position receives roughly uniformly distributed values.
        long firstHalf = 0;
        for (int i = 0; i < 50_000; i++) if (p[i] < 50_000) firstHalf++;
        assertEquals(25_000, firstHalf, 500);
    }

    @Test
    void floatTargetsComeWithTheirShape() {
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] t = {10, 11, 20, 21, 30, 31};
        DataLoader loader = new DataLoader(ArrayDataset.regression(x, new int[] {2}, t, new int[] {2}), 2);
        List<float[]> targets = new ArrayList<>();
        for (Batch b : loader.epoch(0)) {
            try (b) {
                assertEquals(DType.F32, b.targets().dtype());
                assertEquals(2, b.targets().rank());
                targets.add(b.targets().toFloatArray());
            }
        }
        assertArrayEquals(new float[] {10, 11, 20, 21}, targets.get(0));
        assertArrayEquals(new float[] {30, 31}, targets.get(1));
        loader.close();
    }

    @Test
    void sequenceLabelsAndAutoencoderTargets() {
        float[] x = {0, 1, 2, 3, 4, 5};
        int[] y = {1, 2, 3, 4, 5, 6};
        DataLoader seq = new DataLoader(ArrayDataset.sequenceLabels(x, new int[] {3}, y, new int[] {3}), 2);
        try (Batch b = seq.epoch(0).iterator().next()) {
            assertArrayEquals(new int[] {2, 3}, b.targets().shape());
            assertEquals(DType.I32, b.targets().dtype());
            assertArrayEquals(y, b.targets().toIntArray());
        }
        DataLoader auto = new DataLoader(ArrayDataset.classification(x, new int[] {3}, new int[] {0, 1}).inputsAsTargets(), 2);
        try (Batch b = auto.epoch(0).iterator().next()) {
            assertEquals(DType.F32, b.targets().dtype());
            assertArrayEquals(b.inputs().toFloatArray(), b.targets().toFloatArray());
            assertArrayEquals(new int[] {2, 3}, b.targets().shape());
        }
        assertThrows(IllegalArgumentException.class, () -> ArrayDataset.sequenceLabels(x, new int[] {3}, y, new int[] {2}));
        seq.close();
        auto.close();
    }

    @Test
    void prefetchingWorksWithImagesAndLeavesNoBuffers() {
        byte[] px = new byte[30 * 4];
        int[] labels = new int[30];
        for (int i = 0; i < 30; i++) {
            labels[i] = i % 10;
            px[i * 4] = (byte) i;
        }
        var device = Devices.java();
        long before = device.memoryStats().liveBuffers();
        DataLoader loader = new DataLoader(new ImageDataset(px, new int[] {1, 2, 2}, labels), 8, true, false, 5, device);
        int count = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batch b : loader.epoch(epoch)) {
                try (b) {
                    assertArrayEquals(new int[] {b.size(), 1, 2, 2}, b.inputs().shape());
                    float[] x = b.inputs().toFloatArray();
                    int[] y = b.targets().toIntArray();
                    for (int i = 0; i < b.size(); i++) assertEquals(Math.round(x[i * 4] * 255) % 10, y[i]);
                    count += b.size();
                }
            }
        }
        assertEquals(90, count);
        assertEquals(before, device.memoryStats().liveBuffers());
        loader.close();
    }

    @Test
    void errorsInTheBackgroundReachTheCaller() {
        Dataset broken = new Dataset() {
            @Override public int size() { return 4; }
            @Override public int[] featureShape() { return new int[] {1}; }
            @Override public DType targetType() { return DType.I32; }
            @Override public int[] targetShape() { return new int[0]; }
            @Override public void copyFeatures(int index, float[] dst, int offset) {
                if (index == 3) throw new IllegalStateException("bad example 3");
                dst[offset] = index;
            }
            @Override public int label(int index) { return 0; }
        };
        DataLoader loader = new DataLoader(broken, 2);
        var it = loader.epoch(0).iterator();
        it.next().close();
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().contains("bad example 3"), e.getMessage());
        loader.close();
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(indexed(3), 0));
    }
}
