package dev.dendrite.kernels.ops;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.kernels.Launch;

/** Fused scaled dot-product attention (attention.cl): one launch, no tq x tk matrix in memory. */
final class AttentionOps {
    /** Query rows per work-group (one per work-item), as ATT_ROWS in attention.cl. */
    static final int ROWS = 32;

    private final KernelDevice device;

    AttentionOps(KernelDevice device) {
        this.device = device;
    }

    void forward(AttentionShape s, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask, DeviceBuffer out,
                 DeviceBuffer logSumExp) {
        KernelBuffer qb = device.own(q, "attention");
        KernelBuffer kb = device.own(k, "attention");
        KernelBuffer vb = device.own(v, "attention");
        KernelBuffer ob = device.own(out, "attention");
        KernelBuffer lb = device.own(logSumExp, "attention");
        KernelBuffer mb = mask == null ? qb : device.own(mask.buffer(), "attention");   // any buffer: the kernel reads none
        if (mask != null && mask.rank() != 3) {
            throw new IllegalArgumentException("attention: the mask view must have rank 3 [batch, tq, tk], got " + mask);
        }
        int[] ms = mask == null ? new int[3] : mask.strides();
        long groups = (long) s.batch() * ((s.tq() + ROWS - 1) / ROWS);
        device.call("attention", "attention_forward").arg(s.tq()).arg(s.tk()).arg(s.d()).arg(s.dv()).arg(s.scale())
                .arg(s.causal()).arg(qb).arg(kb).arg(vb).arg(mask != null).arg(mb).arg(mask == null ? 0 : mask.offset())
                .arg(ms[0]).arg(ms[1]).arg(ms[2]).arg(ob).arg(lb)
                .launch(new Launch(new long[] {groups * ROWS}, new long[] {ROWS}));
    }
}
