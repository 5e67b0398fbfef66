package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.MatmulArgs;
import dev.dendrite.kernels.MatmulKernel;

/**
 * Batched matmul on the ladder of matmul.cl. With no rung named (the device's setting,
 * DENDRITE_OPENCL_MATMUL or DENDRITE_CUDA_MATMUL, is unset) the rung is chosen by the kind of
 * device, and on a GPU by shape too (kernels/README.md has the figures):
 * <ul>
 *   <li>on a CPU (PoCL), the vector rung for every product: its explicit float16 vectors are the
 *       only code PoCL turns into AVX-512 instructions. It won every shape measured, from the CNN's
 *       convolution products (32 x 676 x 9: 8 GFLOP/s against the simd rung's 3) to 2048^3, and
 *       with B transposed it first copies op(B) row-major ({@link #runOnPackedB}), since its
 *       row loads would otherwise fall apart into 16 strided loads;</li>
 *   <li>on a GPU, the widest tile the matrix mostly fills, since a wide tile on a small matrix
 *       mostly computes padding. (The vector rung would need 384 registers per work-item there.)</li>
 * </ul>
 */
final class MatmulOps {
    private final KernelDevice device;
    private final MatmulKernel fixed;
    private final boolean cpu;

    MatmulOps(KernelDevice device, MatmulKernel fixed, boolean cpu) {
        this.device = device;
        this.fixed = fixed;
        this.cpu = cpu;
    }

    MatmulKernel fixed() { return fixed; }

    /** The rung used for C (m x n) = A (m x k) B (k x n) when none is fixed. */
    static MatmulKernel forShape(int m, int n, int k, boolean cpu) {
        if (cpu) return MatmulKernel.VECTOR;
        int side = Math.min(m, n);
        if (side >= 96) return MatmulKernel.WIDE;        // tiles of 128: at least 3/4 of the first one is real
        if (side >= 24) return MatmulKernel.REGBLOCK;    // tiles of 64
        return MatmulKernel.TILED;                       // tiles of 16: a thin C (e.g. 32 x 9) wastes little
    }

    void matmul(MatmulShape s, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c) {
        MatmulKernel rung = fixed != null ? fixed : forShape(s.m(), s.n(), s.k(), cpu);
        matmul(rung, s, a, aOffset, b, bOffset, c);
    }

    void matmul(MatmulKernel rung, MatmulShape s, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c) {
        KernelBuffer ba = device.own(a, "matmul");
        KernelBuffer bb = device.own(b, "matmul");
        KernelBuffer bc = device.own(c, "matmul");
        run(rung, MatmulArgs.of(s, aOffset, bOffset, 0), ba, bb, bc);
    }

    /** Internal entry (convolution): any strides and a C offset. */
    void run(MatmulArgs x, KernelBuffer a, KernelBuffer b, KernelBuffer c) {
        run(fixed != null ? fixed : forShape(x.m(), x.n(), x.k(), cpu), x, a, b, c);
    }

    void run(MatmulKernel rung, MatmulArgs x, KernelBuffer a, KernelBuffer b, KernelBuffer c) {
        if ((long) x.batch() * x.m() * x.n() == 0) return;
        if (rung == MatmulKernel.VECTOR && x.bColStride() != 1 && x.m() >= PACK_MIN_ROWS) {
            runOnPackedB(x, a, b, c);
            return;
        }
        launch(rung, x, a, b, c);
    }

    /** Below this many rows of C, reading B's columns strided costs less than copying B once. */
    static final int PACK_MIN_ROWS = 8;

    /**
     * The vector rung loads a row of B as one float16; with B transposed (a Linear layer's
     * forward, a convolution's weight gradient) each of those 16 values is a separate strided
     * load, and the product runs 2-3x slower on PoCL. Copying op(B) into a row-major scratch
     * first costs one pass over B, k x n values, against m x n x k multiply-adds.
     */
    private void runOnPackedB(MatmulArgs x, KernelBuffer a, KernelBuffer b, KernelBuffer c) {
        int matrices = x.bBatchStride() == 0 ? 1 : x.batch();   // a broadcast B is packed once
        int plane = Math.multiplyExact(x.k(), x.n());
        KernelBuffer packed = device.scratch(Math.multiplyExact(matrices, plane));
        try {
            device.copy(new int[] {matrices, x.k(), x.n()},
                    new View(b, x.bOffset(), new int[] {x.bBatchStride(), x.bRowStride(), x.bColStride()}),
                    View.contiguous(packed, new int[] {matrices, x.k(), x.n()}));
            MatmulArgs onPacked = new MatmulArgs(x.m(), x.n(), x.k(), x.batch(),
                    x.aOffset(), x.aBatchStride(), x.aRowStride(), x.aColStride(),
                    0, x.bBatchStride() == 0 ? 0 : plane, x.n(), 1,
                    x.cOffset());
            launch(MatmulKernel.VECTOR, onPacked, a, packed, c);
        } finally {
            device.release(packed);   // safe at once: the in-order queue runs the product before any reuse
        }
    }

    private void launch(MatmulKernel rung, MatmulArgs x, KernelBuffer a, KernelBuffer b, KernelBuffer c) {
        device.call("matmul", rung.kernelName())
                .arg(x.m()).arg(x.n()).arg(x.k()).arg(x.batch())
                .arg(a).arg(x.aOffset()).arg(x.aBatchStride()).arg(x.aRowStride()).arg(x.aColStride())
                .arg(b).arg(x.bOffset()).arg(x.bBatchStride()).arg(x.bRowStride()).arg(x.bColStride())
                .arg(c).arg(x.cOffset())
                .launch(LaunchGeometry.matmul(rung, x.m(), x.n(), x.batch()));
    }
}
