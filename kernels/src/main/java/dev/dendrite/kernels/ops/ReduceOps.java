package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.ReduceKernel;
import dev.dendrite.kernels.ReducePlan;
import dev.dendrite.kernels.ViewArgs;

/**
 * Reductions (reduce.cl) along the middle axis of an [outer, len, inner] view; softmax, which
 * shares that geometry, is {@link SoftmaxOps}.
 *
 * <p>Reductions climb a ladder ({@link ReduceKernel}: item, tree, vector); the rule is
 * {@link ReduceKernel#choose}: columns and short rows take rung 1; rows take rung 3 (unit-stride)
 * or rung 1 (strided) on a CPU driver, rung 2 on a GPU. A rung fixed with
 * {@link KernelDevice#reduceKernel} is used wherever it can take the block.
 */
final class ReduceOps {
    private final KernelDevice device;
    /** The reduction rung fixed for every reduction that it can take, or null for the device's rule. */
    ReduceKernel fixed;

    ReduceOps(KernelDevice device) {
        this.device = device;
    }

    void reduce(ReduceOp op, View src, int outer, int len, int inner, DeviceBuffer dst) {
        KernelBuffer s = device.own(src.buffer(), "reduce " + op);
        KernelBuffer d = device.own(dst, "reduce " + op);
        int outputs = Math.multiplyExact(outer, inner);
        if (outputs == 0) return;
        if (len == 0) {
            switch (op) {
                case SUM -> device.fill(d, 0, outputs, 0f);
                case MEAN -> device.fill(d, 0, outputs, Float.NaN);
                default -> throw new IllegalArgumentException("reduce " + op + ": cannot reduce an empty axis (len = 0) of ["
                        + outer + ", 0, " + inner + "]");
            }
            return;
        }
        int[] view = ViewArgs.block("reduce " + op, src, outer, len, inner);
        if (op == ReduceOp.ARGMAX) {
            argmax(s, view, outer, len, inner, d);
            return;
        }
        reduceInto(op, s, view, outer, len, inner, d, false);
    }

    /** dst (+)= reduction of src read through the packed BlockView {@code view} as [outer, len >= 1, inner]; SUM, MEAN, MAX or MIN. */
    void reduceInto(ReduceOp op, KernelBuffer src, int[] view, int outer, int len, int inner, KernelBuffer dst, boolean accumulate) {
        ReducePlan plan = ReducePlan.of(rung(len, inner, view[2] == 1), outer, len, inner);
        float divisor = op == ReduceOp.MEAN ? len : 1f;
        if (!plan.isSplit()) {
            pass(plan, OpCodes.reduce(op), divisor, accumulate, src, view, dst);
            return;
        }
        // pass 1: partial results [outer, chunks, inner]; MEAN sums first and divides once, in pass 2
        int firstOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        int secondOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        KernelBuffer partial = device.scratch(plan.partialElements());
        try {
            pass(plan, firstOp, 1f, false, src, view, partial);
            ReducePlan second = plan.secondPass(rung(plan.chunks(), inner, true));   // reads the partial results, contiguous [outer, chunks, inner]
            pass(second, secondOp, divisor, accumulate, partial, dense(second.outer(), second.len(), second.inner()), dst);
        } finally {
            device.release(partial);   // safe at once: the in-order queue (or stream) runs both passes before any reuse
        }
    }

    /** The rung for a block with rows of {@code len} (unit-stride or not): the fixed one if it takes them, else the rule. */
    private ReduceKernel rung(int len, int inner, boolean unitRows) {
        return ReduceKernel.resolve(fixed, len, inner, unitRows, device.cpu());
    }

    /** The packed BlockView of a contiguous [outer, len, inner] block from element 0. */
    static int[] dense(int outer, int len, int inner) {
        return new int[] {0, len * inner, inner, 1};
    }

    private void pass(ReducePlan plan, int code, float divisor, boolean accumulate, KernelBuffer src, int[] view, KernelBuffer dst) {
        if (plan.kind() != ReduceKernel.ITEM) {   // reduce_rows and reduce_rows_vec8 take the same arguments
            device.call("reduce", plan.kind().kernel()).arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.chunkLen())
                    .arg(divisor).arg(accumulate).struct(view).arg(src).arg(dst).launch(plan.launch());
        } else {
            device.call("reduce", "reduce_cols").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.inner())
                    .arg(plan.chunkLen()).arg(divisor).arg(accumulate).struct(view).arg(src).arg(dst).launch(plan.launch());
        }
    }

    /** Argmax has two kernels: argmax_rows (a tree) where the ladder's rule says rung 2, argmax_cols otherwise. */
    private void argmax(KernelBuffer src, int[] view, int outer, int len, int inner, KernelBuffer dst) {
        if (rung(len, inner, view[2] == 1) == ReduceKernel.TREE) {
            device.call("reduce", "argmax_rows").arg(outer).arg(len).struct(view).arg(src).arg(dst)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("reduce", "argmax_cols").arg(outer).arg(len).arg(inner).struct(view).arg(src).arg(dst)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }
}
