package dev.dendrite.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "auto" prefers a GPU, else the java device, never OpenCL on a CPU (PoCL), where java is faster. */
class DevicesAutoTest {

    /** A provider that creates nothing: only its name, availability and kind matter here. */
    record Stub(String name, int priority, String unavailableReason, boolean isAccelerator) implements DeviceProvider {
        @Override public Device create() {
            throw new UnsupportedOperationException("a stub");
        }
    }

    static final Stub JAVA = new Stub("java", 0, null, false);

    @Test
    void aCpuOnlyMachineGetsTheJavaDevice() {
        Stub pocl = new Stub("opencl", 10, null, false);
        Stub noCuda = new Stub("cuda", 20, "CUDA unavailable: libcuda.so.1 not found", true);
        assertEquals("java", Devices.auto(List.of(noCuda, pocl, JAVA)).name());
    }

    @Test
    void aGpuIsPreferredHighestPriorityFirst() {
        Stub openclGpu = new Stub("opencl", 10, null, true);
        assertEquals("opencl", Devices.auto(List.of(new Stub("cuda", 20, "no driver", true), openclGpu, JAVA)).name());
        assertEquals("cuda", Devices.auto(List.of(new Stub("cuda", 20, null, true), openclGpu, JAVA)).name());
    }

    @Test
    void theJavaDeviceIsTheAnswerWhenNothingElseIsThere() {
        assertEquals("java", Devices.auto(List.of(JAVA)).name());
        assertEquals("java", Devices.get("auto").name(), "core's own class path holds only the java device");
    }
}
