package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Distribution;
import dev.dendrite.kernels.LaunchGeometry;

/** Philox random fills (philox.cl): uniform or normal numbers, the same on every device for a seed. */
final class PhiloxOps {
    private final KernelDevice device;

    PhiloxOps(KernelDevice device) {
        this.device = device;
    }

    void random(DeviceBuffer dst, int count, Distribution distribution, long seed, long counterOffset, float a, float b) {
        KernelBuffer d = device.own(dst, "random");
        if (count == 0) return;
        // one work-item per Philox block of 4 numbers; the first block may start before the fill
        int blocks = (int) (((counterOffset & 3) + count + 3) / 4);
        device.call("philox", "random_fill").arg(blocks).arg(count).arg(distribution == Distribution.NORMAL)
                .arg(seed).arg(counterOffset).arg(a).arg(b).arg(d).arg(0)
                .launch(LaunchGeometry.linear(blocks));
    }
}
