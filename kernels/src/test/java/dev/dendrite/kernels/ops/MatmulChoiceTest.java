package dev.dendrite.kernels.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.kernels.MatmulKernel;
import org.junit.jupiter.api.Test;

/** The default rung per shape and kind of device (no OpenCL needed). */
class MatmulChoiceTest {

    @Test
    void cpuUsesTheVectorRungForEveryShape() {
        assertEquals(MatmulKernel.VECTOR, MatmulOps.forShape(32, 676, 9, true));     // conv1 forward, per image
        assertEquals(MatmulKernel.VECTOR, MatmulOps.forShape(64, 121, 288, true));   // conv2 forward, per image
        assertEquals(MatmulKernel.VECTOR, MatmulOps.forShape(1024, 1024, 1024, true));
        assertEquals(MatmulKernel.VECTOR, MatmulOps.forShape(2048, 2048, 2048, true));
    }

    @Test
    void gpuUsesTheWidestTileTheMatrixFills() {
        assertEquals(MatmulKernel.TILED, MatmulOps.forShape(32, 9, 676, false));
        assertEquals(MatmulKernel.REGBLOCK, MatmulOps.forShape(64, 121, 288, false));
        assertEquals(MatmulKernel.WIDE, MatmulOps.forShape(1024, 1024, 1024, false));
    }
}
