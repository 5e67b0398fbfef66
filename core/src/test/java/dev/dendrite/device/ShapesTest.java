package dev.dendrite.device;

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
}
