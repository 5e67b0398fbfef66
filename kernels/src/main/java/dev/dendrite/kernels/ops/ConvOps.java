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
 * <p>With channel groups each product is one per group, on the group's og = outC/groups rows of
 * W and out and its kg = Kc/groups rows of col. A launch's batch entries must sit at fixed
 * distances, with C's m x n apart, so the forward and backward-input products batch over the
 * images of the chunk when there is one group (W shared, stride 0) and else over the groups of
 * one image (one launch per image; W advances og x kg). Either way consecutive entries lie kg x P
 * apart in col and og x P apart in out, since with one group kg = Kc and og = outC. The weight
 * gradient goes one launch per group, batched over the images, into partial sums laid out
 * [groups, images, og x kg] that one reduction over the middle axis turns into gW.
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
        int kc = plan.kc(), kg = plan.groupKc(), og = s.outPerGroup(), p = plan.plane();
        KernelBuffer col = device.scratch(plan.colElements());
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                im2col(s, nb, in, ViewArgs.nchw("conv2d", input, s.inputShape(), b0), col);
                for (int i = 0; i < launches(s, nb); i++) {
                    MatmulArgs mm = new MatmulArgs(og, p, kg, entries(s, nb),
                            0, weightStride(s), kg, 1,    // W's group [og, kg]
                            i * kc * p, kg * p, p, 1,     // col's rows of the group [kg, P]
                            (b0 + i) * s.outC() * p);
                    device.matmulOps().run(mm, w, col, out);
                }
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
        int kc = plan.kc(), kg = plan.groupKc(), og = s.outPerGroup(), p = plan.plane();
        KernelBuffer gcol = device.scratch(plan.colElements());
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                for (int i = 0; i < launches(s, nb); i++) {
                    MatmulArgs mm = new MatmulArgs(kg, p, og, entries(s, nb),
                            0, weightStride(s), 1, kg,    // W's group transposed: op(W)[r][k] = W[k * kg + r]
                            (b0 + i) * s.outC() * p, og * p, p, 1,   // gOut's rows of the group [og, P]
                            i * kc * p);
                    device.matmulOps().run(mm, w, go, gcol);
                }
                int rows = nb * s.inC() * s.inH();
                geometry(device.call("conv", "col2im").arg(nb), s)
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
        int kc = plan.kc(), kg = plan.groupKc(), og = s.outPerGroup(), groups = s.groups(), p = plan.plane();
        if (s.batch() == 0) {
            device.fill(gw, 0, s.outC() * kg, 0f);
            return;
        }
        ConvKernel rung = fixed != null ? fixed : ConvKernel.choose(device.cpu());
        KernelBuffer col = device.scratch(plan.colElements());
        KernelBuffer partial = device.scratch(plan.chunk() * s.outC() * kg);
        try {
            for (int b0 = 0; b0 < s.batch(); b0 += plan.chunk()) {
                int nb = Math.min(plan.chunk(), s.batch() - b0);
                int[] view = ViewArgs.nchw("conv2dBackwardWeight", input, s.inputShape(), b0);
                if (rung == ConvKernel.IM2COL_T) im2colT(s, nb, in, view, col);
                else im2col(s, nb, in, view, col);
                boolean transposed = rung == ConvKernel.IM2COL_T;
                for (int g = 0; g < groups; g++) {
                    // B is colT[b]'s columns of the group ([P, kg], row-major), or col[b]'s rows of the
                    // group read transposed: op(col)[k=p][c=kidx] = col[(g * kg + kidx) * P + p]
                    MatmulArgs mm = new MatmulArgs(og, kg, p, nb,
                            (b0 * s.outC() + g * og) * p, s.outC() * p, p, 1,   // gOut[b]'s rows of the group [og, P]
                            transposed ? g * kg : g * kg * p, kc * p, transposed ? kc : 1, transposed ? 1 : p,
                            g * nb * og * kg);
                    device.matmulOps().run(mm, go, col, partial);
                }
                // gW (+)= sum over the chunk's images of partial [groups, nb, og * kg]
                device.reduceOps().reduceInto(ReduceOp.SUM, partial, ReduceOps.dense(groups, nb, og * kg), groups, nb, og * kg,
                        gw, b0 > 0);
            }
        } finally {
            device.release(partial);
            device.release(col);
        }
    }

    /** Launches per chunk of the forward and backward-input products: one for all images with one group, else one per image. */
    private static int launches(Conv2dShape s, int nb) { return s.groups() == 1 ? 1 : nb; }

    /** Batch entries of each of those launches: the images, or the groups of one image. */
    private static int entries(Conv2dShape s, int nb) { return s.groups() == 1 ? nb : s.groups(); }

    /** How far W moves between batch entries: not at all between images, a group's og x kg between groups. */
    private static int weightStride(Conv2dShape s) {
        return s.groups() == 1 ? 0 : s.outPerGroup() * s.inPerGroup() * s.kH() * s.kW();
    }

    /** The geometry arguments im2col, im2col_t and col2im take after the chunk's image count, in their order. */
    private static KernelCall geometry(KernelCall call, Conv2dShape s) {
        return call.arg(s.inC()).arg(s.inH()).arg(s.inW()).arg(s.kH()).arg(s.kW())
                .arg(s.strideH()).arg(s.strideW()).arg(s.padH()).arg(s.padW()).arg(s.dilationH()).arg(s.dilationW())
                .arg(s.outH()).arg(s.outW());
    }

    /** Fills colT (the transposed column matrix, [nb, P, Kc]) for the chunk's nb images, reading the input through {@code view}. */
    private void im2colT(Conv2dShape s, int nb, KernelBuffer in, int[] view, KernelBuffer colT) {
        long items = (long) nb * s.outH() * s.outW() * s.inC();   // one work-item per (b, p, c)
        geometry(device.call("conv", "im2col_t").arg(nb), s)
                .struct(view).arg(in).arg(colT)
                .launch(LaunchGeometry.linear(items));
    }

    /** Fills col for the chunk's nb images; {@code view} is the input's NchwView, its offset at the chunk's first image. */
    private void im2col(Conv2dShape s, int nb, KernelBuffer in, int[] view, KernelBuffer col) {
        long segments = (long) nb * s.inC() * s.kH() * s.kW() * s.outH();   // one work-item per row segment of col
        geometry(device.call("conv", "im2col").arg(nb), s)
                .struct(view).arg(in).arg(col)
                .launch(LaunchGeometry.linear(segments));
    }
}
