package dev.dendrite.kernels.ops;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.kernels.ElementwiseKernel;
import dev.dendrite.kernels.LaunchGeometry;
import dev.dendrite.kernels.OpCodes;
import dev.dendrite.kernels.StridedArgs;

/**
 * fill, copy, unary, binary and where: the kernels of elementwise.cl.
 *
 * <p>Unary and binary ops climb a ladder ({@link ElementwiseKernel}); the rule: an operand that is
 * still strided after merging dimensions takes rung 1 ({@code *_strided}); all operands dense take
 * rung 3 ({@code *_vec4}) from {@link ElementwiseKernel#VECTOR_MIN_ELEMENTS} elements on, rung 2
 * ({@code *_contig}) below. A rung fixed with {@link KernelDevice#elementwiseKernel} is used
 * wherever it can read the operands (rung 2 or 3 on a strided view falls back to rung 1).
 */
final class ElementwiseOps {
    private static final String FAMILY = "elementwise";
    private final KernelDevice device;
    /** The rung every dense unary/binary op uses, or null to choose by the rule above. */
    ElementwiseKernel fixed;

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
        ElementwiseKernel rung = rung(args.isUnitStride(0), n);
        if (rung == ElementwiseKernel.STRIDED) {
            for (StridedArgs.RowLaunch l : args.launches()) {
                device.call(FAMILY, "unary_strided").arg(code).arg(alpha).arg(args.rows()).arg(args.cols()).arg(l.rowBase())
                        .struct(args.pack()).arg(s).arg(d).launch(l.launch());
            }
        } else {
            device.call(FAMILY, rung.kernelName("unary")).arg(code).arg(alpha).arg(n).arg(s).arg(src.offset()).arg(d)
                    .launch(LaunchGeometry.linear(items(rung, n)));
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
        ElementwiseKernel rung = rung(args.isUnitStride(0) && args.isUnitStride(1), n);
        if (rung == ElementwiseKernel.STRIDED) {
            for (StridedArgs.RowLaunch l : args.launches()) {
                device.call(FAMILY, "binary_strided").arg(code).arg(args.rows()).arg(args.cols()).arg(l.rowBase())
                        .struct(args.pack()).arg(ba).arg(bb).arg(d).launch(l.launch());
            }
        } else {
            device.call(FAMILY, rung.kernelName("binary")).arg(code).arg(n).arg(ba).arg(a.offset()).arg(bb).arg(b.offset())
                    .arg(d).launch(LaunchGeometry.linear(items(rung, n)));
        }
    }

    /** The fixed rung where it can read operands this dense, else the device's choice. */
    private ElementwiseKernel rung(boolean dense, int n) {
        if (fixed != null && fixed.takes(dense)) return fixed;
        return ElementwiseKernel.choose(dense, n);
    }

    /** Work-items of a dense rung: one per element, or one per quad for the vector rung. */
    private static int items(ElementwiseKernel rung, int n) {
        return rung == ElementwiseKernel.VECTOR ? (n + 3) / 4 : n;
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
