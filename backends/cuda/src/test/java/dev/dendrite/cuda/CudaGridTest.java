package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** OpenCL's global size counts work-items, CUDA's grid counts blocks. */
class CudaGridTest {

    @Test
    void gridIsGlobalOverLocal() {
        assertEquals(new CudaGrid(4, 1, 1, 256, 1, 1), CudaGrid.of(new long[] {1024}, new long[] {256}));
        assertEquals(new CudaGrid(3, 5, 7, 16, 16, 1), CudaGrid.of(new long[] {48, 80, 7}, new long[] {16, 16, 1}));
        assertTrue(CudaGrid.of(new long[] {0}, new long[] {256}).isEmpty());
    }

    @Test
    void badGeometryIsRejectedClearly() {
        IllegalArgumentException notMultiple = assertThrows(IllegalArgumentException.class,
                () -> CudaGrid.of(new long[] {1000}, new long[] {256}));
        assertTrue(notMultiple.getMessage().contains("not a multiple"), notMultiple.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> CudaGrid.of(new long[] {2048, 2}, new long[] {2048, 1}));
        assertTrue(tooBig.getMessage().contains("1024"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaGrid.of(new long[] {16, 65536L * 16}, new long[] {16, 16}));
        assertThrows(IllegalArgumentException.class, () -> CudaGrid.of(new long[] {1, 1, 1, 1}, new long[] {1, 1, 1, 1}));
    }
}
