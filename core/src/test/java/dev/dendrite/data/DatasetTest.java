package dev.dendrite.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.io.FileFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir Path dir;

    @Test
    void arrayDatasetServesExamplesAndSlices() {
        float[] x = {0, 1, 2, 3, 4, 5};
        ArrayDataset d = ArrayDataset.classification(x, new int[] {2}, new int[] {7, 8, 9});
        assertEquals(3, d.size());
        assertEquals(DType.I32, d.targetType());
        float[] dst = new float[4];
        d.copyFeatures(2, dst, 1);
        assertArrayEquals(new float[] {0, 4, 5, 0}, dst);
        Dataset s = d.slice(1, 3);
        assertEquals(2, s.size());
        assertEquals(9, s.label(1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.label(2));
        assertThrows(UnsupportedOperationException.class, () -> d.copyTargets(0, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> d.slice(2, 4));
        assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.classification(x, new int[] {2}, new int[] {1, 2}));

        ArrayDataset r = ArrayDataset.regression(x, new int[] {3}, new float[] {1, 2, 3, 4}, new int[] {2});
        assertEquals(DType.F32, r.targetType());
        r.copyTargets(1, dst, 0);
        assertEquals(3f, dst[0]);
        assertEquals(4f, dst[1]);
    }

    @Test
    void imageDatasetScalesAndNormalises() {
        byte[] px = {0, (byte) 255, (byte) 128, 51};
        ImageDataset d = new ImageDataset(px, new int[] {1, 1, 2}, new int[] {3, 4});
        float[] dst = new float[2];
        d.copyFeatures(0, dst, 0);
        assertArrayEquals(new float[] {0f, 1f}, dst, 1e-7f);
        d.copyFeatures(1, dst, 0);
        assertArrayEquals(new float[] {128 / 255f, 0.2f}, dst, 1e-6f);
        ImageDataset n = d.normalized(0.5f, 0.25f);
        n.copyFeatures(0, dst, 0);
        assertArrayEquals(new float[] {-2f, 2f}, dst, 1e-6f);
        assertEquals(255, d.pixel(0, 1));
    }

    @Test
    void mnistLayoutLoadsAndChecksConsistency() throws IOException {
        byte[] images = new byte[3 * 2 * 2];
        for (int i = 0; i < images.length; i++) images[i] = (byte) (i * 20);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxTest.gzip(IdxTest.idx(0x08, new int[] {3, 2, 2}, images)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxTest.idx(0x08, new int[] {3}, new byte[] {2, 0, 1}));
        ImageDataset d = Mnist.load(dir, Mnist.Split.TRAIN, 3);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 2}, d.featureShape());
        assertEquals(1, d.label(2));
        float[] x = new float[4];
        d.copyFeatures(1, x, 0);
        assertEquals(80 / 255f, x[0], 1e-7f);

        FileFormatException badLabel = assertThrows(FileFormatException.class, () -> Mnist.load(dir, Mnist.Split.TRAIN, 2));
        assertTrue(badLabel.getMessage().contains("label 2 of example 0 is not below 2"), badLabel.getMessage());

        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxTest.idx(0x08, new int[] {2}, new byte[] {2, 0}));
        FileFormatException count = assertThrows(FileFormatException.class, () -> Mnist.load(dir, Mnist.Split.TRAIN, 3));
        assertTrue(count.getMessage().contains("2 labels but train-images-idx3-ubyte.gz holds 3 images"), count.getMessage());

        FileNotFoundException missing = assertThrows(FileNotFoundException.class, () -> FashionMnist.test(dir));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte.gz") && missing.getMessage().contains("apt-get install"),
                missing.getMessage());
    }

    @Test
    void realFashionMnistIsBalanced() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "skipped: Debian's dataset-fashion-mnist is not installed in " + FashionMnist.DEFAULT_DIR);
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1, 28, 28}, test.featureShape());
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) perClass[test.label(i)]++;
        for (int c = 0; c < 10; c++) assertEquals(1000, perClass[c], "class " + c);
        float[] x = new float[784];
        test.copyFeatures(0, x, 0);
        float max = 0;
        for (float v : x) max = Math.max(max, v);
        assertTrue(max > 0.5f && max <= 1f, "pixels scaled into [0, 1]");
    }
}
