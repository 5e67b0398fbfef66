// GENERATED from backends/opencl/src/main/java/dev/dendrite/opencl/ReduceOps.java by OpsMirrorTest: edit
// the OpenCL file, then regenerate (see OpsMirrorTest). The CUDA device runs the OpenCL device's op code.
package dev.dendrite.cuda;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.ReducePlan;

/** Reductions (reduce.cl) and softmax (softmax.cl) along the middle axis of [outer, len, inner]. */
final class ReduceOps {
    private final CudaDevice device;

    ReduceOps(CudaDevice device) {
        this.device = device;
    }

    void reduce(ReduceOp op, DeviceBuffer src, int outer, int len, int inner, DeviceBuffer dst) {
        CudaBuffer s = device.cuda(src, "reduce " + op);
        CudaBuffer d = device.cuda(dst, "reduce " + op);
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
    void reduceInto(ReduceOp op, CudaBuffer src, int srcOffset, int outer, int len, int inner, CudaBuffer dst, boolean accumulate) {
        ReducePlan plan = ReducePlan.of(outer, len, inner);
        float divisor = op == ReduceOp.MEAN ? len : 1f;
        if (!plan.isSplit()) {
            pass(plan, OpCodes.reduce(op), divisor, accumulate, src, srcOffset, dst);
            return;
        }
        // pass 1: partial results [outer, chunks, inner]; MEAN sums first and divides once, in pass 2
        int firstOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        int secondOp = OpCodes.reduce(op == ReduceOp.MEAN ? ReduceOp.SUM : op);
        CudaBuffer partial = (CudaBuffer) device.allocate(DType.F32, plan.partialElements());
        try {
            pass(plan, firstOp, 1f, false, src, srcOffset, partial);
            pass(plan.secondPass(), secondOp, divisor, accumulate, partial, 0, dst);
        } finally {
            device.release(partial);   // safe at once: the in-order queue runs both passes before any reuse
        }
    }

    private void pass(ReducePlan plan, int code, float divisor, boolean accumulate, CudaBuffer src, int srcOffset, CudaBuffer dst) {
        if (plan.kind() == ReducePlan.Kind.ROWS) {
            device.call("reduce", "reduce_rows").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.chunkLen())
                    .arg(divisor).arg(accumulate).arg(src).arg(srcOffset).arg(dst).launch(plan.launch());
        } else {
            device.call("reduce", "reduce_cols").arg(code).arg(plan.outer()).arg(plan.len()).arg(plan.inner())
                    .arg(plan.chunkLen()).arg(divisor).arg(accumulate).arg(src).arg(srcOffset).arg(dst).launch(plan.launch());
        }
    }

    private void argmax(CudaBuffer src, int outer, int len, int inner, CudaBuffer dst) {
        if (inner == 1 && len >= ReducePlan.MIN_ROW) {
            device.call("reduce", "argmax_rows").arg(outer).arg(len).arg(src).arg(0).arg(dst)
                    .launch(LaunchGeometry.groups(outer));
        } else {
            device.call("reduce", "argmax_cols").arg(outer).arg(len).arg(inner).arg(src).arg(0).arg(dst)
                    .launch(LaunchGeometry.linear((long) outer * inner));
        }
    }

    void softmax(DeviceBuffer src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        CudaBuffer s = device.cuda(src, "softmax");
        CudaBuffer d = device.cuda(dst, "softmax");
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
