package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.MatmulShape;
import org.junit.jupiter.api.Test;

/** Reduce plans, conv chunking, matmul arguments and launch geometry. */
class PlanTest {

    @Test
    void longRowsWithFewOutputsAreSplitAndEveryChunkIsNonEmpty() {
        ReducePlan p = ReducePlan.of(1, 1_000_003, 1);
        assertEquals(ReduceKernel.TREE, p.kind());
        assertTrue(p.isSplit());
        assertTrue((long) p.chunkLen() * (p.chunks() - 1) < p.len(), "last chunk non-empty");
        assertTrue((long) p.chunkLen() * p.chunks() >= p.len(), "chunks cover len");
        ReducePlan second = p.secondPass();
        assertEquals(p.chunks(), second.len());
        assertFalse(second.isSplit());
    }

    @Test
    void manyOutputsNeedNoSplitAndShortRowsUseColumns() {
        assertFalse(ReducePlan.of(4096, 5000, 1).isSplit());
        assertEquals(ReduceKernel.ITEM, ReducePlan.of(128, 10, 1).kind());
        assertEquals(ReduceKernel.ITEM, ReducePlan.of(1, 1000, 3).kind());
        assertTrue(ReducePlan.of(1, 100_000, 3).isSplit());
        assertThrows(IllegalArgumentException.class, () -> ReducePlan.of(1, 0, 1));
    }

    @Test
    void theReductionRuleChoosesByShapeAndDeviceType() {
        // rows of a conv bias gradient (4096 x 676): vector on a CPU driver, the tree on a GPU
        assertEquals(ReduceKernel.VECTOR, ReduceKernel.choose(676, 1, true, true));
        assertEquals(ReduceKernel.TREE, ReduceKernel.choose(676, 1, true, false));
        assertEquals(ReduceKernel.ITEM, ReduceKernel.choose(676, 1, false, true), "strided rows on a CPU: a work-item each");
        assertEquals(ReduceKernel.ITEM, ReduceKernel.choose(10, 1, true, false), "short rows");
        assertEquals(ReduceKernel.ITEM, ReduceKernel.choose(676, 3, true, true), "columns");
        assertEquals(ReduceKernel.ITEM, ReduceKernel.resolve(ReduceKernel.VECTOR, 676, 1, false, true), "a fixed rung that cannot take the block falls back");
        assertEquals(ReduceKernel.TREE, ReduceKernel.resolve(ReduceKernel.TREE, 10, 1, true, true));
        assertEquals(ReduceKernel.VECTOR, ReduceKernel.byLabel("Vector"));
        ReducePlan v = ReducePlan.of(ReduceKernel.VECTOR, 1, 1_000_003, 1);
        assertTrue(v.isSplit());
        assertTrue(v.chunkLen() >= ReducePlan.MIN_VECTOR_CHUNK);
        assertThrows(IllegalArgumentException.class, () -> ReducePlan.of(ReduceKernel.TREE, 1, 100, 3));
    }

    @Test
    void convChunksRespectTheBudget() {
        Conv2dShape s = new Conv2dShape(128, 32, 13, 13, 64, 3, 3, 1, 1, 0, 0);
        ConvPlan whole = ConvPlan.of(s);
        assertEquals(128, whole.chunk());
        assertEquals(288, whole.kc());
        assertEquals(121, whole.plane());
        ConvPlan small = ConvPlan.of(s, 288 * 121 * 10);
        assertEquals(10, small.chunk());
        assertEquals(1, ConvPlan.of(s, 1).chunk());
    }

    @Test
    void transposesBecomeStrides() {
        MatmulArgs nn = MatmulArgs.of(new MatmulShape(2, 3, 5, 7, false, false, 21, 0), 1, 2, 0);
        assertEquals(7, nn.aRowStride());
        assertEquals(1, nn.aColStride());
        assertEquals(5, nn.bRowStride());
        assertEquals(1, nn.bColStride());
        assertEquals(0, nn.bBatchStride());
        MatmulArgs tt = MatmulArgs.of(new MatmulShape(1, 3, 5, 7, true, true, 21, 35), 0, 0, 0);
        assertEquals(1, tt.aRowStride());
        assertEquals(3, tt.aColStride());
        assertEquals(1, tt.bRowStride());
        assertEquals(7, tt.bColStride());
    }

    @Test
    void matmulGeometryCoversCAndCapsTheBatchDimension() {
        for (MatmulKernel k : MatmulKernel.values()) {
            Launch l = LaunchGeometry.matmul(k, 129, 65, 70_000);
            assertTrue(l.groups(0) * k.tileCols() >= 65, k + " covers the columns");
            assertTrue(l.groups(1) * k.tileRows() >= 129, k + " covers the rows");
            assertEquals(LaunchGeometry.MAX_GROUPS_YZ, l.groups(2), "batch beyond CUDA's grid limit is looped over");
            assertTrue(l.local()[0] * l.local()[1] <= 256, k + ": at most 256 work-items per group (any device allows that many)");
        }
        Launch lin = LaunchGeometry.linear(1000);
        assertEquals(1024, lin.global()[0]);
        assertTrue(LaunchGeometry.linear(0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Launch(new long[] {100}, new long[] {64}));
    }
}
