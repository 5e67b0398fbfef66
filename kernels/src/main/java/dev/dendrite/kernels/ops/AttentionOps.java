package dev.dendrite.kernels.ops;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.kernels.Launch;

/**
 * Fused scaled dot-product attention (attention.cl): one launch forward, two backward (dq; dk and
 * dv), no tq x tk matrix in memory.
 */
final class AttentionOps {
    /** Query rows per work-group (one per work-item), as ATT_ROWS in attention.cl. */
    static final int ROWS = 32;

    private final KernelDevice device;

    AttentionOps(KernelDevice device) {
        this.device = device;
    }

    void forward(AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask, DeviceBuffer out,
                 DeviceBuffer logSumExp) {
        Operands o = operands("attention", q, k, v, mask, out, logSumExp);
        long groups = (long) s.batch() * ((s.tq() + ROWS - 1) / ROWS);
        o.withInputs(device.call("attention", "attention_forward"), s).arg(o.out).arg(o.lse)
                .launch(new Launch(new long[] {groups * ROWS}, new long[] {ROWS}));
    }

    /**
     * Device.attentionBackward: attention_backward_dq for dq (a group per block of queries) and
     * attention_backward_dkdv for dk and dv (a group per block of keys), each only when wanted.
     */
    void backward(AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask, DeviceBuffer out,
                  DeviceBuffer logSumExp, DeviceBuffer gradOut, DeviceBuffer gradQ, DeviceBuffer gradK, DeviceBuffer gradV) {
        String op = "attentionBackward";
        Operands o = operands(op, q, k, v, mask, out, logSumExp);
        KernelBuffer gb = device.own(gradOut, op);
        long queryGroups = (long) s.batch() * ((s.tq() + ROWS - 1) / ROWS);
        if (gradQ != null && queryGroups > 0) {
            o.withInputs(device.call("attention", "attention_backward_dq"), s).arg(o.out).arg(o.lse).arg(gb)
                    .arg(device.own(gradQ, op))
                    .launch(new Launch(new long[] {queryGroups * ROWS}, new long[] {ROWS}));
        }
        long keyGroups = (long) s.batch() * ((s.tk() + ROWS - 1) / ROWS);
        if ((gradK != null || gradV != null) && keyGroups > 0) {
            // an absent gradient is passed as gradOut: the kernel never writes it
            o.withInputs(device.call("attention", "attention_backward_dkdv"), s).arg(o.out).arg(o.lse).arg(gb)
                    .arg(gradK != null).arg(gradK == null ? gb : device.own(gradK, op))
                    .arg(gradV != null).arg(gradV == null ? gb : device.own(gradV, op))
                    .launch(new Launch(new long[] {keyGroups * ROWS}, new long[] {ROWS}));
        }
    }

    private Operands operands(String op, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask, DeviceBuffer out,
                              DeviceBuffer logSumExp) {
        if (mask != null && mask.rank() != 3) {
            throw new IllegalArgumentException(op + ": the mask view must have rank 3 [batch, tq, tk], got " + mask);
        }
        KernelBuffer qb = device.own(q, op);
        KernelBuffer mb = mask == null ? qb : device.own(mask.buffer(), op);   // any buffer: the kernel reads none
        return new Operands(qb, device.own(k, op), device.own(v, op), mask, mb, device.own(out, op), device.own(logSumExp, op));
    }

    /** The buffers every attention kernel takes, and the mask's view. */
    private record Operands(KernelBuffer q, KernelBuffer k, KernelBuffer v, View mask, KernelBuffer maskBuffer,
                            KernelBuffer out, KernelBuffer lse) {
        /** The arguments the kernels share, in their order: sizes, flags, q, k, v and the mask. */
        KernelCall withInputs(KernelCall call, AttentionShape s) {
            int[] ms = mask == null ? new int[3] : mask.strides();
            return call.arg(s.tq()).arg(s.tk()).arg(s.d()).arg(s.dv()).arg(s.scale()).arg(s.causal()).arg(q).arg(k).arg(v)
                    .arg(mask != null).arg(maskBuffer).arg(mask == null ? 0 : mask.offset()).arg(ms[0]).arg(ms[1]).arg(ms[2]);
        }
    }
}
