package dev.dendrite.kernels.ops;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.StridedArgs;

/** fill, copy, unary, binary and where: the kernels of elementwise.cl. */
final class ElementwiseOps {
    private static final String FAMILY = "elementwise";
    private final KernelDevice device;

    ElementwiseOps(KernelDevice device) {
        this.device = device;
    }

    void fill(DeviceBuffer dst, int offset, int count, float value) {
        KernelBuffer d = device.own(dst, "fill");
        if (count == 0) return;
        if (d.dtype() == DType.F32) {
            device.call(FAMILY, "fill_f32").arg(count).arg(d).arg(offset).arg(value).launch(LaunchGeometry.linear(count));
        } else {
            device.call(FAMILY, "fill_i32").arg(count).arg(d).arg(offset).arg((int) value).launch(LaunchGeometry.linear(count));
        }
    }

    void copy(int[] shape, View src, View dst) {
        KernelBuffer s = device.own(src.buffer(), "copy");
        KernelBuffer d = device.own(dst.buffer(), "copy");
        StridedArgs args = StridedArgs.of("copy", shape, new int[] {src.offset(), dst.offset()}, src.strides(), dst.strides());
        int n = args.numel();
        if (n == 0) return;
        boolean sameType = s.dtype() == d.dtype();
        if (sameType && args.isUnitStride(0) && args.isUnitStride(1) && s != d) {
            // a dense copy: let the driver do it (a DMA engine on a GPU)
            device.copyBytes(s, 4L * src.offset(), d, 4L * dst.offset(), 4L * n);
            return;
        }
        String kernel = sameType ? "copy_bits" : s.dtype() == DType.F32 ? "copy_f32_to_i32" : "copy_i32_to_f32";
        for (StridedArgs.RowLaunch l : args.launches()) {
            device.call(FAMILY, kernel).arg(args.rows()).arg(args.cols()).arg(l.rowBase()).struct(args.pack()).arg(s).arg(d)
                    .launch(l.launch());
        }
    }

    void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst) {
        KernelBuffer s = device.own(src.buffer(), "unary " + op);
        KernelBuffer d = device.own(dst, "unary " + op);
        StridedArgs args = StridedArgs.of("unary " + op, shape, new int[] {src.offset()}, src.strides());
        int n = args.numel();
        if (n == 0) return;
        int code = OpCodes.unary(op);
        if (args.isUnitStride(0)) {
            device.call(FAMILY, "unary_contig").arg(code).arg(alpha).arg(n).arg(s).arg(src.offset()).arg(d)
                    .launch(LaunchGeometry.linear(n));
        } else {
            for (StridedArgs.RowLaunch l : args.launches()) {
                device.call(FAMILY, "unary_strided").arg(code).arg(alpha).arg(args.rows()).arg(args.cols()).arg(l.rowBase())
                        .struct(args.pack()).arg(s).arg(d).launch(l.launch());
            }
        }
    }

    void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst) {
        KernelBuffer ba = device.own(a.buffer(), "binary " + op);
        KernelBuffer bb = device.own(b.buffer(), "binary " + op);
        KernelBuffer d = device.own(dst, "binary " + op);
        StridedArgs args = StridedArgs.of("binary " + op, shape, new int[] {a.offset(), b.offset()}, a.strides(), b.strides());
        int n = args.numel();
        if (n == 0) return;
        int code = OpCodes.binary(op);
        if (args.isUnitStride(0) && args.isUnitStride(1)) {
            device.call(FAMILY, "binary_contig").arg(code).arg(n).arg(ba).arg(a.offset()).arg(bb).arg(b.offset()).arg(d)
                    .launch(LaunchGeometry.linear(n));
        } else {
            for (StridedArgs.RowLaunch l : args.launches()) {
                device.call(FAMILY, "binary_strided").arg(code).arg(args.rows()).arg(args.cols()).arg(l.rowBase())
                        .struct(args.pack()).arg(ba).arg(bb).arg(d).launch(l.launch());
            }
        }
    }

    void where(int[] shape, View cond, View a, View b, DeviceBuffer dst) {
        KernelBuffer bc = device.own(cond.buffer(), "where");
        KernelBuffer ba = device.own(a.buffer(), "where");
        KernelBuffer bb = device.own(b.buffer(), "where");
        KernelBuffer d = device.own(dst, "where");
        StridedArgs args = StridedArgs.of("where", shape, new int[] {cond.offset(), a.offset(), b.offset()},
                cond.strides(), a.strides(), b.strides());
        int n = args.numel();
        if (n == 0) return;
        for (StridedArgs.RowLaunch l : args.launches()) {
            device.call(FAMILY, "where_strided").arg(args.rows()).arg(args.cols()).arg(l.rowBase())
                    .struct(args.pack()).arg(bc).arg(ba).arg(bb).arg(d).launch(l.launch());
        }
    }
}
