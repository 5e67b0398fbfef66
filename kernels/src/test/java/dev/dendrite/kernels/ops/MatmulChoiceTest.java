package dev.dendrite.kernels.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.kernels.MatmulKernel;
import org.junit.jupiter.api.Test;

/** The default rung per shape and kind of device (no OpenCL needed). */
class MatmulChoiceTest {

    @Test
    void cpuUsesSimdUnlessTheProductIsLarge() {
        assertEquals(MatmulKernel.SIMD, MatmulOps.forShape(64, 121, 288, true));    // conv2 forward, per image
        assertEquals(MatmulKernel.SIMD, MatmulOps.forShape(256, 256, 256, true));
        assertEquals(MatmulKernel.WIDE, MatmulOps.forShape(512, 512, 512, true));
        assertEquals(MatmulKernel.WIDE, MatmulOps.forShape(1024, 1024, 1024, true));
    }

    @Test
    void gpuUsesTheWidestTileTheMatrixFills() {
        assertEquals(MatmulKernel.TILED, MatmulOps.forShape(32, 9, 676, false));
        assertEquals(MatmulKernel.REGBLOCK, MatmulOps.forShape(64, 121, 288, false));
        assertEquals(MatmulKernel.WIDE, MatmulOps.forShape(1024, 1024, 1024, false));
    }
}
