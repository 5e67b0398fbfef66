package dev.dendrite.cuda;

import dev.dendrite.kernels.Launch;
import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Collects a kernel's arguments in order and launches it on the device's stream, with the same
 * calls as the OpenCL device's KernelCall:
 * {@code device.call("elementwise", "fill_f32").arg(n).arg(buffer).arg(0).arg(1f).launch(global, local)}.
 *
 * <p>cuLaunchKernel takes an array of pointers, one per parameter, each pointing at the value:
 * a device pointer for a buffer, an int for an int, the packed ints of a struct passed by value.
 * The launch returns at once; the stream runs it after the work queued before it.
 */
final class CudaKernelCall {
    private final CUfunction function;
    private final CUstream stream;
    private final List<NativePointerObject> args = new ArrayList<>(16);

    CudaKernelCall(CUfunction function, CUstream stream) {
        this.function = function;
        this.stream = stream;
    }

    CudaKernelCall arg(int value) {
        args.add(Pointer.to(new int[] {value}));
        return this;
    }

    CudaKernelCall arg(boolean flag) { return arg(flag ? 1 : 0); }

    CudaKernelCall arg(float value) {
        args.add(Pointer.to(new float[] {value}));
        return this;
    }

    /** A 64-bit argument (ulong in the kernel). */
    CudaKernelCall arg(long value) {
        args.add(Pointer.to(new long[] {value}));
        return this;
    }

    CudaKernelCall arg(CudaBuffer buffer) { return arg(buffer.pointer); }

    CudaKernelCall arg(CUdeviceptr pointer) {
        args.add(Pointer.to(pointer));
        return this;
    }

    /** A struct of ints passed by value (the Strided struct of elementwise.cl: same layout in both APIs, all ints). */
    CudaKernelCall struct(int[] packed) {
        args.add(Pointer.to(packed));
        return this;
    }

    /** Queues the kernel with the geometry LaunchGeometry computed for it (the OpenCL device's, converted by CudaGrid). */
    void launch(Launch launch) {
        launch(launch.global(), launch.local());
    }

    /** Queues the kernel with OpenCL's geometry (global work-items, local work-group); empty launches are skipped. */
    void launch(long[] global, long[] local) {
        launch(CudaGrid.of(global, local));
    }

    void launch(CudaGrid grid) {
        if (grid.isEmpty()) return;
        Pointer params = Pointer.to(args.toArray(new NativePointerObject[0]));
        CudaException.check(JCudaDriver.cuLaunchKernel(function, grid.gridX(), grid.gridY(), grid.gridZ(),
                grid.blockX(), grid.blockY(), grid.blockZ(), 0, stream, params, null), "cuLaunchKernel");
    }
}
