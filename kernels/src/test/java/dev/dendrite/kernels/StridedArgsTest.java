package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.internal.Shapes;
import org.junit.jupiter.api.Test;

class StridedArgsTest {

    @Test
    void contiguousTensorCollapsesToOneUnitStrideDimension() {
        int[] shape = {2, 3, 4, 5};
        StridedArgs a = StridedArgs.of("t", shape, new int[] {7}, Shapes.contiguousStrides(shape));
        assertEquals(1, a.rank());
        assertArrayEquals(new int[] {120}, a.shape());
        assertTrue(a.isUnitStride(0));
        assertEquals(7, a.offset(0));
        assertEquals(120, a.numel());
    }

    @Test
    void broadcastRowKeepsItsZeroStride() {
        int[] shape = {4, 6};
        StridedArgs a = StridedArgs.of("t", shape, new int[] {0, 0}, new int[] {6, 1}, new int[] {0, 1});
        assertEquals(2, a.rank());
        assertArrayEquals(new int[] {0, 1}, a.strides(1));
        assertFalse(a.isUnitStride(1));
    }

    @Test
    void transposeIsNotMergedAndSizeOneDimensionsDisappear() {
        int[] shape = {3, 1, 5};
        StridedArgs a = StridedArgs.of("t", shape, new int[] {0}, new int[] {1, 99, 3});
        assertArrayEquals(new int[] {3, 5}, a.shape());
        assertArrayEquals(new int[] {1, 3}, a.strides(0));
    }

    @Test
    void packedLayoutMatchesTheKernelStruct() {
        StridedArgs a = StridedArgs.of("t", new int[] {4, 6}, new int[] {1, 2}, new int[] {1, 4}, new int[] {0, 1});
        int[] p = a.pack();
        assertEquals(StridedArgs.PACKED_INTS, p.length);
        assertEquals(2, p[0]);                                // rank
        for (int d = 0; d < 6; d++) assertEquals(1, p[1 + d]); // padding in front: size 1
        assertEquals(4, p[7]);                                // shape[6], the outer real dimension
        assertEquals(6, p[8]);                                // shape[7], the innermost
        assertEquals(1, p[9]);                                // offset[0]
        assertEquals(2, p[10]);                               // offset[1]
        assertEquals(0, p[12]);                               // stride[0][0], padding
        assertEquals(1, p[18]);                               // stride[0][6]
        assertEquals(4, p[19]);                               // stride[0][7]
        assertEquals(0, p[26]);                               // stride[1][6]
        assertEquals(1, p[27]);                               // stride[1][7]
    }

    /** Walking the packed struct the way the kernel does visits exactly the elements of the original view. */
    @Test
    void kernelIndexingOfPackedStructMatchesTheView() {
        int[] shape = {2, 3, 1, 4, 2};
        int[] strides = {0, 40, 7, 2, 1};   // broadcast outer dim, gaps, a mergeable pair at the end
        StridedArgs a = StridedArgs.of("t", shape, new int[] {5}, strides);
        int[] p = a.pack();
        int n = 1;
        for (int d : shape) n *= d;
        int e = 0;
        for (int i0 = 0; i0 < 2; i0++) for (int i1 = 0; i1 < 3; i1++) for (int i3 = 0; i3 < 4; i3++) for (int i4 = 0; i4 < 2; i4++) {
            int expected = 5 + i0 * 0 + i1 * 40 + i3 * 2 + i4;
            assertEquals(expected, kernelIndex(p, 0, e), "element " + e);
            e++;
        }
        assertEquals(n, e);
    }

    /** The row loop of elementwise.cl's strided kernels, transcribed: element e is column e % cols of row e / cols. */
    private static int kernelIndex(int[] p, int k, int e) {
        int max = StridedArgs.MAX_RANK;
        int rank = p[0], cols = p[max];
        int row = e / cols, col = e % cols;
        int strideBase = 1 + max + StridedArgs.MAX_OPERANDS + k * max;
        int first = max - rank;
        int index = p[1 + max + k];
        for (int d = max - 2; d > first; d--) {
            int coord = row % p[1 + d];
            row /= p[1 + d];
            index += coord * p[strideBase + d];
        }
        if (first < max - 1) index += row * p[strideBase + first];
        return index + col * p[strideBase + max - 1];
    }

    @Test
    void rowLaunchesCoverEveryRowAndGroupsHold256() {
        StridedArgs a = StridedArgs.of("t", new int[] {70_000, 3}, new int[] {0}, new int[] {1, 70_000});
        assertEquals(70_000, a.rows());
        assertEquals(3, a.cols());
        Launch l = a.launches().get(0).launch();
        assertEquals(4, l.local()[0]);
        assertEquals(64, l.local()[1]);
        assertEquals(4, l.global()[0]);
        Launch wide = LaunchGeometry.rows(2, 5000);
        assertEquals(256, wide.local()[0]);
        assertEquals(1, wide.local()[1]);
        assertEquals(5120, wide.global()[0]);
        // two columns: 128 rows per group, 65535 groups per launch, then further launches
        StridedArgs column = StridedArgs.of("t", new int[] {20_000_000, 2}, new int[] {0}, new int[] {3, 1});
        assertEquals(2, column.cols());
        var launches = column.launches();
        assertEquals(3, launches.size());
        assertEquals(65535 * 128, launches.get(1).rowBase());
        long covered = 0;
        for (var r : launches) {
            assertTrue(r.launch().groups(1) <= LaunchGeometry.MAX_GROUPS_YZ);
            covered += r.launch().global()[1];
        }
        assertTrue(covered >= 20_000_000);
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.rows(20_000_000, 1));
    }

    /** The limit the device tests lower so that the second launch (rowBase > 0) runs at small sizes. */
    @Test
    void aLoweredLaunchLimitSplitsSmallViewsIntoLaunchesThatTileTheRows() {
        int old = LaunchGeometry.maxGroupsPerLaunch(2);
        try {
            // 5 columns: groups of 8 x 32, so 64 rows per launch; 150 rows take three launches
            StridedArgs a = StridedArgs.of("t", new int[] {150, 5}, new int[] {0}, new int[] {1, 150});
            var launches = a.launches();
            assertEquals(3, launches.size());
            long next = 0;
            for (var l : launches) {
                assertEquals(next, l.rowBase(), "each launch starts where the one before ended");
                assertTrue(l.launch().groups(1) <= 2);
                next += l.launch().global()[1];
            }
            assertTrue(next >= 150);
            assertEquals(2, LaunchGeometry.planesPerLaunch());
            assertEquals(2, LaunchGeometry.matmul(MatmulKernel.TILED, 3, 3, 5).groups(2), "the kernel loops over the batch");
        } finally {
            LaunchGeometry.maxGroupsPerLaunch(old);
        }
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.maxGroupsPerLaunch(0));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.maxGroupsPerLaunch(65536));
        assertEquals(old, LaunchGeometry.maxGroupsPerLaunch());
    }

    @Test
    void tooManyDimensionsAfterMergingFailClearly() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = {1000, 300, 100, 40, 15, 7, 3, 1, 0};   // nothing mergeable
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StridedArgs.of("binary ADD", shape, new int[] {0}, strides));
        assertTrue(e.getMessage().startsWith("binary ADD"), e.getMessage());
        // but a rank-9 contiguous tensor is fine: it merges to rank 1
        assertEquals(1, StridedArgs.of("t", shape, new int[] {0}, Shapes.contiguousStrides(shape)).rank());
    }

    @Test
    void singleElementAndEmptyShapes() {
        StridedArgs one = StridedArgs.of("t", new int[] {1, 1}, new int[] {3}, new int[] {0, 0});
        assertEquals(1, one.numel());
        assertTrue(one.isUnitStride(0));
        assertEquals(0, StridedArgs.of("t", new int[] {3, 0}, new int[] {0}, new int[] {0, 1}).numel());
    }
}
