package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.conformance.Tolerance;
import dev.dendrite.conformance.Tolerances;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.kernels.MatmulKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rung of the matmul ladder against a plain triple loop (in double): sizes that are not
 * multiples of any tile (1, 3, 17, 65, 129, 130), sizes that are (64, 128), all four transpose
 * combinations, batches with one operand broadcast (batch stride 0), offsets into A and B, K = 0.
 */
class OpenClMatmulLadderTest {
    private static final int[][] SIZES = {
            {1, 1, 1}, {3, 17, 33}, {17, 3, 1}, {64, 64, 64}, {129, 65, 31}, {130, 257, 7}, {128, 128, 130}, {5, 200, 0}};

    @TestFactory
    Stream<DynamicTest> everyRungMatchesTheTripleLoop() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MatmulKernel rung : MatmulKernel.values()) {
            for (int[] s : SIZES) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    MatmulShape shape = new MatmulShape(1, s[0], s[1], s[2], ta, tb, s[0] * s[2], s[2] * s[1]);
                    tests.add(DynamicTest.dynamicTest(rung.label() + " " + shape, () -> check(rung, shape, 0, 0)));
                }
            }
            // batch 3, A broadcast, with offsets; and batch 2, B broadcast, transposed
            tests.add(DynamicTest.dynamicTest(rung.label() + " batch, A broadcast",
                    () -> check(rung, new MatmulShape(3, 33, 20, 9, false, false, 0, 9 * 20), 5, 2)));
            tests.add(DynamicTest.dynamicTest(rung.label() + " batch, B broadcast, transposed",
                    () -> check(rung, new MatmulShape(2, 70, 66, 19, true, true, 70 * 19, 0), 1, 3)));
        }
        return tests.stream();
    }

    private static void check(MatmulKernel rung, MatmulShape s, int aOffset, int bOffset) {
        OpenClDevice d = OpenClTestSupport.device();
        int aLen = aOffset + Math.max(1, (s.batch() - 1) * s.aBatchStride() + s.m() * s.k());
        int bLen = bOffset + Math.max(1, (s.batch() - 1) * s.bBatchStride() + s.k() * s.n());
        int cLen = s.batch() * s.m() * s.n();
        Random r = new Random(s.hashCode());
        float[] a = random(r, aLen), b = random(r, bLen);
        float[] c = new float[cLen + 1];
        c[cLen] = 12345f;                       // a guard element past C
        DeviceBuffer da = d.allocate(DType.F32, aLen), db = d.allocate(DType.F32, bLen), dc = d.allocate(DType.F32, cLen + 1);
        try {
            d.upload(a, 0, da, 0, aLen);
            d.upload(b, 0, db, 0, bLen);
            d.upload(c, 0, dc, 0, cLen + 1);
            d.matmul(rung, s, da, aOffset, db, bOffset, dc);
            d.download(dc, 0, c, 0, cLen + 1);
        } finally {
            d.release(da);
            d.release(db);
            d.release(dc);
        }
        // The kit's rule for a sum of K products of magnitude at most 1: atol 1e-5 at scale sqrt(K).
        Tolerance tolerance = Tolerances.standard(Tolerances.Kind.ACCUMULATION);
        double scale = Tolerances.sumScale(s.k(), 1);
        for (int bi = 0; bi < s.batch(); bi++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    double sum = 0;
                    for (int k = 0; k < s.k(); k++) {
                        int ai = aOffset + bi * s.aBatchStride() + (s.transA() ? k * s.m() + i : i * s.k() + k);
                        int bj = bOffset + bi * s.bBatchStride() + (s.transB() ? j * s.k() + k : k * s.n() + j);
                        sum += (double) a[ai] * b[bj];
                    }
                    float got = c[(bi * s.m() + i) * s.n() + j];
                    assertTrue(tolerance.accepts((float) sum, got, scale), rung.label() + " " + s + " C[" + bi + "][" + i + "][" + j
                            + "]: expected " + (float) sum + " but was " + got);
                }
            }
        }
        assertEquals(12345f, c[cLen], "element past C was overwritten");
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }
}
