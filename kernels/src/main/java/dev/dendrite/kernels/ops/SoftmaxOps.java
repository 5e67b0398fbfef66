package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.SoftmaxKernel;
import dev.dendrite.kernels.ViewArgs;

/**
 * Softmax (softmax.cl) along the middle axis of an [outer, len, inner] view. It climbs a ladder
 * ({@link SoftmaxKernel}: sweeps, online), in the shape {@link SoftmaxKernel#tree} chooses, the
 * rung {@link SoftmaxKernel#choose}; both can be fixed with {@link KernelDevice#softmaxKernel}.
 */
final class SoftmaxOps {
    private final KernelDevice device;
    /** The softmax rung fixed for every softmax, or null for the device's rule. */
    SoftmaxKernel fixedSoftmax;
    /** The softmax shape fixed (true: the tree, where inner == 1; false: a work-item per row), or null for the rule. */
    Boolean softmaxTree;

    SoftmaxOps(KernelDevice device) {
        this.device = device;
    }

    void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        KernelBuffer s = device.own(src.buffer(), "softmax");
        KernelBuffer d = device.own(dst, "softmax");
        if ((long) outer * len * inner == 0) return;
        int[] view = ViewArgs.block("softmax", src, outer, len, inner);
        boolean tree = SoftmaxKernel.tree(outer, len, inner, device.cpu(), softmaxTree);
        SoftmaxKernel rung = fixedSoftmax != null ? fixedSoftmax : SoftmaxKernel.choose(tree, device.cpu());
        if (tree) {
            device.call("softmax", rung.kernel(true)).arg(outer).arg(len).arg(log).struct(view).arg(s).arg(d)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("softmax", rung.kernel(false)).arg(outer).arg(len).arg(inner).arg(log).struct(view).arg(s).arg(d)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }
}
