package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.javadevice.JavaDevice;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

/** enqueueForeign lends the queue and the cl_mem of each buffer, in order with Dendrite's own work. */
class OpenClForeignWorkTest {

    @Test
    void foreignWorkRunsInOrderOnTheDevicesBuffers() {
        OpenClDevice d = OpenClTestSupport.device();
        DeviceBuffer src = d.allocate(DType.F32, 4), dst = d.allocate(DType.F32, 4);
        try {
            d.upload(new float[] {1, 2, 3, 4}, 0, src, 0, 4);
            d.enqueueForeign((queue, mem) -> CL.clEnqueueCopyBuffer(queue, mem[0], mem[1], 0, 0, 16, 0, null, null), src, dst);
            float[] out = new float[4];
            d.download(dst, 0, out, 0, 4);
            assertArrayEquals(new float[] {1, 2, 3, 4}, out);
        } finally {
            d.release(src);
            d.release(dst);
        }
    }

    @Test
    void aBufferOfAnotherDeviceIsRefused() {
        try (JavaDevice other = new JavaDevice()) {
            DeviceBuffer foreign = other.allocate(DType.F32, 1);
            assertThrows(IllegalArgumentException.class, () -> OpenClTestSupport.device().enqueueForeign((q, m) -> {}, foreign));
        }
    }
}
