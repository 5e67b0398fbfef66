package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import org.junit.jupiter.api.Test;

class ViewArgsTest {
    /** A buffer that only knows its length: all ViewArgs reads. */
    private static DeviceBuffer buffer(int length) {
        return new DeviceBuffer() {
            @Override public Device device() { return null; }

            @Override public DType dtype() { return DType.F32; }

            @Override public int length() { return length; }
        };
    }

    @Test void packsTheOffsetThenTheStrides() {
        assertArrayEquals(new int[] {3, 1, 6, 0}, ViewArgs.block("softmax", new View(buffer(45), 3, new int[] {1, 6, 0}), 6, 7, 4));
        // NCHW, moved to image 2 of the chunk: offset 5 + 2 * 60
        assertArrayEquals(new int[] {125, 60, 20, 1, 4},
                ViewArgs.nchw("conv2d", new View(buffer(5 + 3 * 60), 5, new int[] {60, 20, 1, 4}), new int[] {3, 3, 4, 5}, 2));
    }

    @Test void refusesAViewReachingPastItsBuffer() {
        View past = new View(buffer(20), 1, new int[] {20, 5, 1});   // [1, 4, 5] from 1 reaches element 20
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ViewArgs.block("reduce SUM", past, 1, 4, 5));
        assertTrue(e.getMessage().contains("reduce SUM") && e.getMessage().contains("[1, 20]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ViewArgs.block("softmax", new View(buffer(9), 0, new int[] {3, 1}), 3, 3, 1));   // wrong rank
        // an empty view reads nothing, so any offset is fine
        ViewArgs.block("softmax", new View(buffer(1), 40, new int[] {5, 1, 1}), 0, 5, 1);
    }
}
