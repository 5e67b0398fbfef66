package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.ReducePlan;
import dev.dendrite.kernels.ViewArgs;

/** Reductions (reduce.cl) and softmax (softmax.cl) along the middle axis of an [outer, len, inner] view. */
final class ReduceOps {
    private final KernelDevice device;

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
        ReducePlan plan = ReducePlan.of(outer, len, inner);
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
            ReducePlan second = plan.secondPass();   // reads the partial results, contiguous [outer, chunks, inner]
            pass(second, secondOp, divisor, accumulate, partial, dense(second.outer(), second.len(), second.inner()), dst);
        } finally {
            device.release(partial);   // safe at once: the in-order queue (or stream) runs both passes before any reuse
        }
    }

    /** The packed BlockView of a contiguous [outer, len, inner] block from element 0. */
    static int[] dense(int outer, int len, int inner) {
        return new int[] {0, len * inner, inner, 1};
    }

    private void pass(ReducePlan plan, int code, float divisor, boolean accumulate, KernelBuffer src, int[] view, KernelBuffer dst) {
        if (plan.kind() == ReducePlan.Kind.ROWS) {
            device.call("reduce", "reduce_rows").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.chunkLen())
                    .arg(divisor).arg(accumulate).struct(view).arg(src).arg(dst).launch(plan.launch());
        } else {
            device.call("reduce", "reduce_cols").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.inner())
                    .arg(plan.chunkLen()).arg(divisor).arg(accumulate).struct(view).arg(src).arg(dst).launch(plan.launch());
        }
    }

    private void argmax(KernelBuffer src, int[] view, int outer, int len, int inner, KernelBuffer dst) {
        if (inner == 1 && len >= ReducePlan.MIN_ROW) {
            device.call("reduce", "argmax_rows").arg(outer).arg(len).struct(view).arg(src).arg(dst)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("reduce", "argmax_cols").arg(outer).arg(len).arg(inner).struct(view).arg(src).arg(dst)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }

    void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        KernelBuffer s = device.own(src.buffer(), "softmax");
        KernelBuffer d = device.own(dst, "softmax");
        if ((long) outer * len * inner == 0) return;
        int[] view = ViewArgs.block("softmax", src, outer, len, inner);
        if (inner == 1 && len >= ReducePlan.MIN_ROW) {
            device.call("softmax", "softmax_rows").arg(outer).arg(len).arg(log).struct(view).arg(s).arg(d)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("softmax", "softmax_cols").arg(outer).arg(len).arg(inner).arg(log).struct(view).arg(s).arg(d)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }
}
