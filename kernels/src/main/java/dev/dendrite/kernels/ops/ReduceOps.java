package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.ReducePlan;

/** Reductions (reduce.cl) and softmax (softmax.cl) along the middle axis of [outer, len, inner]. */
final class ReduceOps {
    private final KernelDevice device;

    ReduceOps(KernelDevice device) {
        this.device = device;
    }

    void reduce(ReduceOp op, DeviceBuffer src, int outer, int len, int inner, DeviceBuffer dst) {
        KernelBuffer s = device.own(src, "reduce " + op);
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
        if (op == ReduceOp.ARGMAX) {
            argmax(s, outer, len, inner, d);
            return;
        }
        reduceInto(op, s, 0, outer, len, inner, d, false);
    }

    /** dst (+)= reduction of src[srcOffset ..] viewed as [outer, len >= 1, inner]; SUM, MEAN, MAX or MIN. */
    void reduceInto(ReduceOp op, KernelBuffer src, int srcOffset, int outer, int len, int inner, KernelBuffer dst, boolean accumulate) {
        ReducePlan plan = ReducePlan.of(outer, len, inner);
        float divisor = op == ReduceOp.MEAN ? len : 1f;
        if (!plan.isSplit()) {
            pass(plan, OpCodes.reduce(op), divisor, accumulate, src, srcOffset, dst);
            return;
        }
        // pass 1: partial results [outer, chunks, inner]; MEAN sums first and divides once, in pass 2
        int firstOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        int secondOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        KernelBuffer partial = device.scratch(plan.partialElements());
        try {
            pass(plan, firstOp, 1f, false, src, srcOffset, partial);
            pass(plan.secondPass(), secondOp, divisor, accumulate, partial, 0, dst);
        } finally {
            device.release(partial);   // safe at once: the in-order queue (or stream) runs both passes before any reuse
        }
    }

    private void pass(ReducePlan plan, int code, float divisor, boolean accumulate, KernelBuffer src, int srcOffset, KernelBuffer dst) {
        if (plan.kind() == ReducePlan.Kind.ROWS) {
            device.call("reduce", "reduce_rows").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.chunkLen())
                    .arg(divisor).arg(accumulate).arg(src).arg(srcOffset).arg(dst).launch(plan.launch());
        } else {
            device.call("reduce", "reduce_cols").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.inner())
                    .arg(plan.chunkLen()).arg(divisor).arg(accumulate).arg(src).arg(srcOffset).arg(dst).launch(plan.launch());
        }
    }

    private void argmax(KernelBuffer src, int outer, int len, int inner, KernelBuffer dst) {
        if (inner == 1 && len >= ReducePlan.MIN_ROW) {
            device.call("reduce", "argmax_rows").arg(outer).arg(len).arg(src).arg(0).arg(dst)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("reduce", "argmax_cols").arg(outer).arg(len).arg(inner).arg(src).arg(0).arg(dst)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }

    void softmax(DeviceBuffer src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        KernelBuffer s = device.own(src, "softmax");
        KernelBuffer d = device.own(dst, "softmax");
        if ((long) outer * len * inner == 0) return;
        if (inner == 1 && len >= ReducePlan.MIN_ROW) {
            device.call("softmax", "softmax_rows").arg(outer).arg(len).arg(log).arg(s).arg(d)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("softmax", "softmax_cols").arg(outer).arg(len).arg(inner).arg(log).arg(s).arg(d)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }
}
