package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.ViewArgs;

/** indexSelect, gather (one work-item per element) and indexAdd, scatterAdd (one per column), from index.cl. */
final class IndexOps {
    private final KernelDevice device;

    IndexOps(KernelDevice device) {
        this.device = device;
    }

    void indexSelect(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        select("index_select", "indexSelect", src, outer, len, inner, idx, count, dst);
    }

    void gather(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        select("gather", "gather", src, outer, len, inner, idx, count, dst);
    }

    void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        accumulate("index_add", "indexAdd", dst, outer, len, inner, idx, count, src);
    }

    void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src) {
        accumulate("scatter_add", "scatterAdd", dst, outer, len, inner, idx, count, src);
    }

    private void select(String kernel, String op, View src, int outer, int len, int inner, DeviceBuffer idx,
                        int count, DeviceBuffer dst) {
        KernelBuffer s = device.own(src.buffer(), op), i = device.own(idx, op), d = device.own(dst, op);
        if ((long) outer * count * inner == 0) return;
        int[] view = ViewArgs.block(op, src, outer, len, inner);
        device.call("index", kernel).arg(outer).arg(len).arg(inner).arg(count).struct(view).arg(s).arg(i).arg(d)
                .launch(LaunchGeometry.linear((long) outer * count * inner));
    }

    private void accumulate(String kernel, String op, DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx,
                            int count, View src) {
        KernelBuffer d = device.own(dst, op), i = device.own(idx, op), s = device.own(src.buffer(), op);
        if ((long) outer * count * inner == 0) return;
        int[] view = ViewArgs.block(op, src, outer, count, inner);
        device.call("index", kernel).arg(outer).arg(len).arg(inner).arg(count).struct(view).arg(d).arg(i).arg(s)
                .launch(LaunchGeometry.linear((long) outer * inner));
    }
}
