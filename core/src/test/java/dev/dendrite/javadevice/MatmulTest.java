package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batched matmul with every transpose combination, odd sizes and broadcast batches, against a triple loop. */
class MatmulTest {

    static List<JavaDevice> devices() { return JavaDevices.all(); }

    /** The textbook triple loop in double, reading A and B as MatmulShape describes them. */
    static float[] naive(MatmulShape s, float[] a, int aOffset, float[] b, int bOffset) {
        int m = s.m(), n = s.n(), k = s.k();
        float[] c = new float[s.batch() * m * n];
        for (int batch = 0; batch < s.batch(); batch++) {
            int aBase = aOffset + batch * s.aBatchStride(), bBase = bOffset + batch * s.bBatchStride();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        float aip = s.transA() ? a[aBase + p * m + i] : a[aBase + i * k + p];
                        float bpj = s.transB() ? b[bBase + j * k + p] : b[bBase + p * n + j];
                        sum += (double) aip * bpj;
                    }
                    c[(batch * m + i) * n + j] = (float) sum;
                }
            }
        }
        return c;
    }

    static void check(JavaDevice device, MatmulShape s, int aOffset, int bOffset, Random random) {
        int aMatrices = s.aBatchStride() == 0 ? 1 : s.batch(), bMatrices = s.bBatchStride() == 0 ? 1 : s.batch();
        float[] a = randomFloats(random, aOffset + Math.max(1, aMatrices) * Math.max(s.aBatchStride(), s.m() * s.k()));
        float[] b = randomFloats(random, bOffset + Math.max(1, bMatrices) * Math.max(s.bBatchStride(), s.k() * s.n()));
        DeviceBuffer ab = upload(device, a), bb = upload(device, b), cb = device.allocate(DType.F32, s.batch() * s.m() * s.n());
        device.fill(cb, 0, cb.length(), Float.NaN); // every element must be written
        device.matmul(s, ab, aOffset, bb, bOffset, cb);
        // float accumulation over k terms of size ~1: error grows like sqrt(k) times a few 1e-7 (one
        // FMA chain runs a whole depth block, up to KC = 384 terms); a wrong block would be off by ~1.
        assertClose(naive(s, a, aOffset, b, bOffset), download(device, cb), 4e-6 * Math.sqrt(s.k() + 1), 1e-5,
                device.description() + " " + s + " offsets " + aOffset + "," + bOffset);
        releaseAll(device, ab, bb, cb);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void oddSizesAndEveryTransposeCombination(JavaDevice device) {
        Random random = new Random(20);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : new int[] {1, 3, 17, 129}) {
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                        check(device, new MatmulShape(1, m, n, k, ta, tb, m * k, k * n), 0, 0, random);
                    }
                }
            }
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void batchesWithOffsetsAndBroadcastOperands(JavaDevice device) {
        Random random = new Random(21);
        check(device, new MatmulShape(3, 17, 33, 5, false, false, 17 * 5, 5 * 33), 4, 9, random);
        check(device, new MatmulShape(4, 17, 33, 5, true, false, 0, 5 * 33), 0, 0, random);      // A broadcast
        check(device, new MatmulShape(5, 33, 3, 17, false, true, 33 * 17, 0), 2, 1, random);     // B broadcast
        check(device, new MatmulShape(2, 3, 3, 3, true, true, 20, 11), 0, 0, random);            // padded batch strides
        check(device, new MatmulShape(7, 1, 1, 1, false, false, 1, 1), 0, 0, random);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void largerProductsThatUseTheBlockedPath(JavaDevice device) {
        Random random = new Random(22);
        check(device, new MatmulShape(1, 257, 263, 300, false, false, 257 * 300, 300 * 263), 0, 0, random);
        check(device, new MatmulShape(1, 200, 129, 513, true, false, 200 * 513, 513 * 129), 0, 0, random);
        check(device, new MatmulShape(1, 129, 200, 260, false, true, 129 * 260, 260 * 200), 0, 0, random);
        check(device, new MatmulShape(2, 100, 96, 64, true, true, 6400, 0), 0, 0, random);
        // Across every block boundary of the packed GEMM: KC = 384, MC = 144, NC = 2048.
        check(device, new MatmulShape(1, 145, 2100, 385, false, false, 145 * 385, 385 * 2100), 0, 0, random);
        check(device, new MatmulShape(1, 13, 2100, 769, true, true, 13 * 769, 769 * 2100), 3, 5, random);
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer a = device.allocate(DType.F32, 0), b = device.allocate(DType.F32, 0), c = device.allocate(DType.F32, 6);
        device.fill(c, 0, 6, 9f);
        device.matmul(new MatmulShape(1, 2, 3, 0, false, false, 0, 0), a, 0, b, 0, c);
        assertArrayEquals(new float[6], download(device, c));
        releaseAll(device, a, b, c);
    }

    @Test
    void tooSmallBuffersAreRejectedWithTheShape() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer a = device.allocate(DType.F32, 5), b = device.allocate(DType.F32, 6), c = device.allocate(DType.F32, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> device.matmul(MatmulShape.of(2, 3, 3), a, 0, b, 0, c));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("A"), e.getMessage());
        releaseAll(device, a, b, c);
    }
}
