package dev.dendrite.kernels.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.SgdParams;
import dev.dendrite.device.View;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.kernels.MatmulKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared op code's decisions, seen through a device that records instead of running: which
 * kernel, which arguments, when the driver's copy replaces a kernel, how foreign or released
 * buffers are refused. The results of the kernels are checked on a real device by the OpenCL
 * tests (conformance kit, paths, ladder, training); this test needs no GPU and no OpenCL.
 */
class KernelDeviceTest {
    private final RecordingDevice d = new RecordingDevice(null);

    @Test
    void matmulRungFollowsTheShapeUnlessOneIsFixed() {
        assertEquals("matmul/matmul_wide", matmul(d, 200, 300));
        assertEquals("matmul/matmul_regblock", matmul(d, 32, 64));
        assertEquals("matmul/matmul_tiled", matmul(d, 32, 9));
        RecordingDevice naive = new RecordingDevice(MatmulKernel.NAIVE);
        assertEquals(MatmulKernel.NAIVE, naive.matmulKernel());
        assertEquals("matmul/matmul_naive", matmul(naive, 200, 300));
    }

    private static String matmul(RecordingDevice dev, int m, int n) {
        DeviceBuffer a = dev.allocate(DType.F32, m * 8), b = dev.allocate(DType.F32, 8 * n), c = dev.allocate(DType.F32, m * n);
        dev.log.clear();
        dev.matmul(MatmulShape.of(m, n, 8), a, 0, b, 0, c);
        assertEquals(1, dev.log.size(), dev.log.toString());
        return dev.kernels().get(0);
    }

    @Test
    void denseCopyOfOneTypeIsTheDriversCopyAndEverythingElseAKernel() {
        DeviceBuffer f = d.allocate(DType.F32, 12), g = d.allocate(DType.F32, 12), n = d.allocate(DType.I32, 12);
        d.copy(new int[] {3, 2}, new View(f, 2, new int[] {2, 1}), new View(g, 4, new int[] {2, 1}));
        assertEquals(List.of("copyBytes(buf#0+8 -> buf#1+16, 24 bytes)"), d.log);
        d.log.clear();
        d.copy(new int[] {3, 2}, new View(f, 0, new int[] {1, 3}), View.contiguous(g, new int[] {3, 2}));   // a transpose
        d.copy(new int[] {12}, View.contiguous(f, new int[] {12}), View.contiguous(n, new int[] {12}));   // float to int
        assertEquals(List.of("elementwise/copy_bits", "elementwise/copy_f32_to_i32"), d.kernels());
    }

    @Test
    void splitReductionRunsTwoPassesAndGivesItsScratchBack() {
        DeviceBuffer src = d.allocate(DType.F32, 300_001), dst = d.allocate(DType.F32, 1);
        long live = d.memoryStats().liveBuffers();
        d.reduce(ReduceOp.SUM, src, 1, 300_001, 1, dst);
        assertEquals(List.of("reduce/reduce_rows", "reduce/reduce_rows"), d.kernels());
        assertEquals(live, d.memoryStats().liveBuffers(), "the partial results buffer is released");
    }

    @Test
    void channelGroupsBatchTheirProductsOverGroupsOneImageAtATime() {
        Conv2dShape plain = new Conv2dShape(4, 6, 5, 5, 6, 3, 3, 1, 1, 1, 1);
        Conv2dShape grouped = new Conv2dShape(4, 6, 5, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 3);
        assertEquals(List.of("conv/im2col", "matmul"), convKernels(plain, Pass.FORWARD), "one group: one product for the chunk");
        assertEquals(List.of("conv/im2col", "matmul", "matmul", "matmul", "matmul"), convKernels(grouped, Pass.FORWARD),
                "one product per image, batched over its 3 groups");
        assertEquals(List.of("matmul", "matmul", "matmul", "matmul", "conv/col2im"), convKernels(grouped, Pass.INPUT));
        assertEquals(List.of("conv/im2col", "matmul", "matmul", "matmul", "reduce"), convKernels(grouped, Pass.WEIGHT),
                "one product per group, batched over the images, then one sum over the images");
        assertEquals(List.of("conv/im2col", "matmul", "reduce"), convKernels(plain, Pass.WEIGHT));
    }

    private enum Pass { FORWARD, INPUT, WEIGHT }

    /** The kernels one pass launches, matmul and reduce rungs named by family only. */
    private List<String> convKernels(Conv2dShape s, Pass pass) {
        DeviceBuffer in = d.allocate(DType.F32, Shapes.numel(s.inputShape())), w = d.allocate(DType.F32, Shapes.numel(s.weightShape()));
        DeviceBuffer out = d.allocate(DType.F32, Shapes.numel(s.outputShape()));
        d.log.clear();
        switch (pass) {
            case FORWARD -> d.conv2d(s, in, w, null, out);
            case INPUT -> d.conv2dBackwardInput(s, out, w, in);
            case WEIGHT -> d.conv2dBackwardWeight(s, in, out, w);
        }
        return d.kernels().stream().map(k -> k.startsWith("conv/") ? k : k.substring(0, k.indexOf('/'))).toList();
    }

    @Test
    void emptyWorkLaunchesNothing() {
        DeviceBuffer b = d.allocate(DType.F32, 4);
        d.fill(b, 0, 0, 1f);
        d.sgdUpdate(b, b, null, 0, new SgdParams(0.1f, 0, 0, 0, false, false));
        assertEquals(List.of(), d.log);
        d.fill(b, 1, 3, 2f);
        assertEquals(List.of("elementwise/fill_f32(3, buf#0, 1, 2.0) global=[256] local=[256]"), d.log);
    }

    @Test
    void foreignAndReleasedBuffersAreRefusedNamingTheOp() {
        DeviceBuffer foreign = new RecordingDevice(null).allocate(DType.F32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.fill(foreign, 0, 4, 1f));
        assertTrue(e.getMessage().startsWith("recording fill: buffer") && e.getMessage().contains("does not belong"), e.getMessage());
        DeviceBuffer b = d.allocate(DType.F32, 4);
        d.release(b);
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> d.release(b));
        assertTrue(again.getMessage().contains("release: buffer") && again.getMessage().contains("already released"),
                again.getMessage());
        assertThrows(IllegalStateException.class, () -> d.fill(b, 0, 4, 1f));
    }

    @Test
    void hostRangesAreCheckedOnBothSides() {
        DeviceBuffer b = d.allocate(DType.F32, 4);
        IndexOutOfBoundsException dev = assertThrows(IndexOutOfBoundsException.class,
                () -> d.upload(new float[8], 0, b, 2, 3));
        assertTrue(dev.getMessage().contains("outside the buffer of 4"), dev.getMessage());
        IndexOutOfBoundsException host = assertThrows(IndexOutOfBoundsException.class,
                () -> d.download(b, 0, new float[2], 1, 2));
        assertTrue(host.getMessage().contains("outside the host array of 2"), host.getMessage());
    }
}
