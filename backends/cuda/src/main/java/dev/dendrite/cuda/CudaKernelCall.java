package dev.dendrite.cuda;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.kernels.Launch;
import dev.dendrite.kernels.ops.KernelCall;
import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * A kernel call in CUDA: collects the arguments in order and launches the kernel on the device's
 * stream.
 *
 * <p>cuLaunchKernel takes an array of pointers, one per parameter, each pointing at the value:
 * a device pointer for a buffer, an int for an int, the packed ints of a struct passed by value.
 * The launch returns at once; the stream runs it after the work queued before it.
 */
final class CudaKernelCall implements KernelCall {
    private final CudaContext context;
    private final CUfunction function;
    private final CUstream stream;
    private final List<NativePointerObject> args = new ArrayList<>(16);

    CudaKernelCall(CudaContext context, CUfunction function, CUstream stream) {
        this.context = context;
        this.function = function;
        this.stream = stream;
    }

    @Override public CudaKernelCall arg(int value) {
        args.add(Pointer.to(new int[] {value}));
        return this;
    }

    @Override public CudaKernelCall arg(float value) {
        args.add(Pointer.to(new float[] {value}));
        return this;
    }

    @Override public CudaKernelCall arg(long value) {
        args.add(Pointer.to(new long[] {value}));
        return this;
    }

    @Override public CudaKernelCall arg(DeviceBuffer buffer) {
        args.add(Pointer.to(((CudaBuffer) buffer).pointer));
        return this;
    }

    @Override public CudaKernelCall struct(int[] packed) {
        args.add(Pointer.to(packed));
        return this;
    }

    /** Queues the kernel with the geometry LaunchGeometry computed for it (OpenCL's terms, converted by CudaGrid). */
    @Override public void launch(Launch launch) {
        launch(launch.global(), launch.local());
    }

    /** Queues the kernel with OpenCL's geometry (global work-items, local work-group); empty launches are skipped. */
    void launch(long[] global, long[] local) {
        launch(CudaGrid.of(global, local));
    }

    void launch(CudaGrid grid) {
        if (grid.isEmpty()) return;
        Pointer params = Pointer.to(args.toArray(new NativePointerObject[0]));
        CudaException.check(context.driver().cuLaunchKernel(function, grid.gridX(), grid.gridY(), grid.gridZ(),
                grid.blockX(), grid.blockY(), grid.blockZ(), 0, stream, params, null), "cuLaunchKernel");
    }
}
