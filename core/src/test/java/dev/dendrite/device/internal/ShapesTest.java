package dev.dendrite.device.internal;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShapesTest {
    @Test
    void contiguousStridesAreRowMajor() {
        assertArrayEquals(new int[] {12, 4, 1}, Shapes.contiguousStrides(new int[] {2, 3, 4}));
        assertTrue(Shapes.isContiguous(new int[] {2, 3, 4}, new int[] {12, 4, 1}));
        assertFalse(Shapes.isContiguous(new int[] {3, 2}, new int[] {1, 3}));
    }

    @Test
    void numelRejectsNegativeAndHugeShapes() {
        assertEquals(24, Shapes.numel(new int[] {2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Shapes.numel(new int[] {2, -1}));
        assertThrows(IllegalArgumentException.class, () -> Shapes.numel(new int[] {65536, 65536}));
    }

    @Test
    void groupStridesFoldsEachSideOfTheAxisIntoOneStride() {
        // contiguous [2, 3, 4, 5] around axis 2: outer [2, 3] walks with stride 20, len with 5, inner with 1
        assertArrayEquals(new int[] {20, 5, 1}, Shapes.groupStrides(new int[] {2, 3, 4, 5}, new int[] {60, 20, 5, 1}, 2, 3));
        // a transposed [7, 6] matrix around axis 0: no outer dimension (stride 0), len stride 1, inner 6
        assertArrayEquals(new int[] {0, 1, 6}, Shapes.groupStrides(new int[] {6, 7}, new int[] {1, 6}, 0, 1));
        // several axes in the middle group, nested: one stride
        assertArrayEquals(new int[] {0, 4, 1}, Shapes.groupStrides(new int[] {2, 3, 4}, new int[] {12, 4, 1}, 0, 2));
        // size-1 dimensions are ignored, whatever their stride
        assertArrayEquals(new int[] {0, 3, 1}, Shapes.groupStrides(new int[] {1, 5, 1, 3}, new int[] {999, 3, 777, 1}, 1, 2));
        // an offset or a slice of the outermost dimension changes nothing: rows of [5, 4] from a [9, 4]
        assertArrayEquals(new int[] {4, 1, 0}, Shapes.groupStrides(new int[] {5, 4}, new int[] {4, 1}, 1, 2));
        // empty: nothing is read, any strides will do
        assertArrayEquals(new int[] {0, 0, 0}, Shapes.groupStrides(new int[] {3, 0, 2}, new int[] {7, 1, 5}, 1, 2));
    }

    @Test
    void groupStridesIsNullWhereNoSingleStrideWalksAGroup() {
        // a batch of transposes [3, 5, 4] (strides [20, 1, 5]) around its last axis: outer [3, 5] is not nested
        assertNull(Shapes.groupStrides(new int[] {3, 5, 4}, new int[] {20, 1, 5}, 2, 3));
        // narrow(1, 1, 2) of a [3, 4, 5]: outer [3, 2] with strides [20, 5]
        assertNull(Shapes.groupStrides(new int[] {3, 2, 5}, new int[] {20, 5, 1}, 2, 3));
        // the same layouts are fine around an axis that splits the offending pair
        assertArrayEquals(new int[] {20, 1, 5}, Shapes.groupStrides(new int[] {3, 5, 4}, new int[] {20, 1, 5}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Shapes.groupStrides(new int[] {3, 4}, new int[] {4, 1}, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.groupStrides(new int[] {3, 4}, new int[] {1}, 0, 1));
    }
}
