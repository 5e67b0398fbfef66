package dev.dendrite.device.internal;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MergedDimsTest {
    @Test
    void contiguousViewBecomesOneDimension() {
        MergedDims m = MergedDims.of(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, m.shape());
        assertArrayEquals(new int[] {1}, m.strides()[0]);
    }

    @Test
    void transposeAndBroadcastKeepTheirDimensions() {
        // a is a transposed [3, 2] view; b broadcasts a row (stride 0 on the first axis)
        MergedDims m = MergedDims.of(new int[] {3, 2}, new int[] {1, 3}, new int[] {0, 1});
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertArrayEquals(new int[] {1, 3}, m.strides()[0]);
        assertArrayEquals(new int[] {0, 1}, m.strides()[1]);
    }

    @Test
    void sizeOneDimensionsDropAndASingleElementIsRankOne() {
        MergedDims m = MergedDims.of(new int[] {1, 5, 1}, new int[] {99, 2, 7});
        assertArrayEquals(new int[] {5}, m.shape());
        assertArrayEquals(new int[] {2}, m.strides()[0]);
        MergedDims scalar = MergedDims.of(new int[0], new int[0]);
        assertArrayEquals(new int[] {1}, scalar.shape());
        assertEquals(1, scalar.rank());
    }
}
