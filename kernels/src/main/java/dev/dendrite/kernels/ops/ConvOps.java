package dev.dendrite.kernels.ops;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.ConvKernel;
import dev.dendrite.kernels.ConvPlan;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.MatmulArgs;
import dev.dendrite.kernels.ViewArgs;

/**
 * Convolution as im2col + matmul (conv.cl and the matmul ladder), a chunk of the batch at a time.
 * Per image b, with Kc = inC*kH*kW and P = outH*outW:
 * <pre>
 *   forward          out[b]   (outC x P)  = W (outC x Kc)       x col[b] (Kc x P)
 *   backward input   gcol[b]  (Kc x P)    = W^T (Kc x outC)     x gOut[b] (outC x P), then col2im
 *   backward weight  gW       (outC x Kc) = sum_b gOut[b] (outC x P) x col[b]^T (P x Kc)
 * </pre>
 * The weight is shared by every image of the batch, which the matmul expresses with batch stride 0.
 * The input is read through its NchwView by im2col, so a sliced or permuted input needs no copy.
 *
 * <p>The weight gradient climbs a ladder ({@link ConvKernel}): rung 1 reads col[b] transposed,
 * rung 2 builds colT[b] (P x Kc) with im2col_t so the product reads B row-major; the rule is
 * {@link ConvKernel#choose} (rung 2 on a CPU driver), a rung fixed with
 * {@link KernelDevice#convKernel} wins.
 */
final class ConvOps {
    private final KernelDevice device;
    /** Values one column matrix may hold; the batch is cut into chunks that fit. */
    long colBudget = ConvPlan.DEFAULT_BUDGET;
    /** The weight gradient's rung fixed, or null for ConvKernel.choose. */
    ConvKernel fixed;

    ConvOps(KernelDevice device) {
        this.device = device;
    }

    void forward(Conv2dShape s, View input, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer output) {
        KernelBuffer in = device.own(input.buffer(), "conv2d");
        KernelBuffer w = device.own(weight, "conv2d");
        KernelBuffer out = device.own(output, "conv2d");
        if (s.batch() == 0) return;
        ConvPlan plan = ConvPlan.of(s, colBudget);
        int kc = plan.kc(), p = plan.plane();
        KernelBuffer col = device.scratch(plan.colElements());
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                im2col(s, nb, in, ViewArgs.nchw("conv2d", input, s.inputShape(), b0), col);
                MatmulArgs mm = new MatmulArgs(s.outC(), p, kc, nb,
                        0, 0, kc, 1,              // W [outC, Kc], the same for every image
                        0, kc * p, p, 1,          // col[b] [Kc, P]
                        b0 * s.outC() * p);
                device.matmulOps().run(mm, w, col, out);
            }
        } finally {
            device.release(col);
        }
        if (bias != null) {
            KernelBuffer bi = device.own(bias, "conv2d");
            for (int b0 = 0; b0 < s.batch(); b0 += LaunchGeometry.planesPerLaunch()) {
                int nb = Math.min(LaunchGeometry.planesPerLaunch(), s.batch() - b0);
                device.call("conv", "add_channel_bias").arg(s.batch()).arg(s.outC()).arg(p).arg(b0).arg(out).arg(bi)
                        .launch(LaunchGeometry.planes(nb, s.outC(), p));
            }
        }
    }

    void backwardInput(Conv2dShape s, DeviceBuffer gradOutput, DeviceBuffer weight, DeviceBuffer gradInput) {
        KernelBuffer go = device.own(gradOutput, "conv2dBackwardInput");
        KernelBuffer w = device.own(weight, "conv2dBackwardInput");
        KernelBuffer gi = device.own(gradInput, "conv2dBackwardInput");
        if (s.batch() == 0) return;
        ConvPlan plan = ConvPlan.of(s, colBudget);
        int kc = plan.kc(), p = plan.plane();
        KernelBuffer gcol = device.scratch(plan.colElements());
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                MatmulArgs mm = new MatmulArgs(kc, p, s.outC(), nb,
                        0, 0, 1, kc,              // W^T: op(W)[r][k] = W[k * Kc + r]
                        b0 * s.outC() * p, s.outC() * p, p, 1,   // gOut[b] [outC, P]
                        0);
                device.matmulOps().run(mm, w, go, gcol);
                int rows = nb * s.inC() * s.inH();
                device.call("conv", "col2im").arg(nb).arg(s.inC()).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                        .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.outH()).arg(s.outW())
                        .arg(gcol).arg(gi).arg(b0 * s.inC() * s.inH() * s.inW())
                        .launch(LaunchGeometry.linear(rows));
            }
        } finally {
            device.release(gcol);
        }
    }

    void backwardWeight(Conv2dShape s, View input, DeviceBuffer gradOutput, DeviceBuffer gradWeight) {
        KernelBuffer in = device.own(input.buffer(), "conv2dBackwardWeight");
        KernelBuffer go = device.own(gradOutput, "conv2dBackwardWeight");
        KernelBuffer gw = device.own(gradWeight, "conv2dBackwardWeight");
        ConvPlan plan = ConvPlan.of(s, colBudget);
        int kc = plan.kc(), p = plan.plane();
        if (s.batch() == 0) {
            device.fill(gw, 0, s.outC() * kc, 0f);
            return;
        }
        ConvKernel rung = fixed != null ? fixed : ConvKernel.choose(device.cpu());
        KernelBuffer col = device.scratch(plan.colElements());
        KernelBuffer partial = device.scratch(plan.chunk() * s.outC() * kc);
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                int[] view = ViewArgs.nchw("conv2dBackwardWeight", input, s.inputShape(), b0);
                MatmulArgs mm;
                if (rung == ConvKernel.IM2COL_T) {
                    im2colT(s, nb, in, view, col);
                    mm = new MatmulArgs(s.outC(), kc, p, nb,
                            b0 * s.outC() * p, s.outC() * p, p, 1,   // gOut[b] [outC, P]
                            0, p * kc, kc, 1,         // colT[b] [P, Kc], row-major
                            0);
                } else {
                    im2col(s, nb, in, view, col);
                    mm = new MatmulArgs(s.outC(), kc, p, nb,
                            b0 * s.outC() * p, s.outC() * p, p, 1,   // gOut[b] [outC, P]
                            0, kc * p, 1, p,          // col[b]^T: op(col)[k=p][c=kidx] = col[kidx * P + p]
                            0);
                }
                device.matmulOps().run(mm, go, col, partial);
                // gW (+)= sum over the chunk's images of partial [nb, outC * Kc]
                device.reduceOps().reduceInto(ReduceOp.SUM, partial, ReduceOps.dense(1, nb, s.outC() * kc), 1, nb, s.outC() * kc,
                        gw, b0 > 0);
            }
        } finally {
            device.release(partial);
            device.release(col);
        }
    }

    /** Fills colT (the transposed column matrix, [nb, P, Kc]) for the chunk's nb images, reading the input through {@code view}. */
    private void im2colT(Conv2dShape s, int nb, KernelBuffer in, int[] view, KernelBuffer colT) {
        long items = (long) nb * s.outH() * s.outW() * s.inC();   // one work-item per (b, p, c)
        device.call("conv", "im2col_t").arg(nb).arg(s.inC()).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.outH()).arg(s.outW())
                .struct(view).arg(in).arg(colT)
                .launch(LaunchGeometry.linear(items));
    }

    /** Fills col for the chunk's nb images; {@code view} is the input's NchwView, its offset at the chunk's first image. */
    private void im2col(Conv2dShape s, int nb, KernelBuffer in, int[] view, KernelBuffer col) {
        long segments = (long) nb * s.inC() * s.kH() * s.kW() * s.outH();   // one work-item per row segment of col
        device.call("conv", "im2col").arg(nb).arg(s.inC()).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.outH()).arg(s.outW())
                .struct(view).arg(in).arg(col)
                .launch(LaunchGeometry.linear(segments));
    }
}
