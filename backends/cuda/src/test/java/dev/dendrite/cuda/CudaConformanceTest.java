package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.conformance.DeviceAssumptions;
import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.Device;
import dev.dendrite.kernels.LaunchGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit (every Device op against the reference device) on the CUDA device. Where CUDA
 * is unavailable (no driver, no GPU, no NVRTC) every case is skipped with CudaProbe's one-line
 * reason; DENDRITE_REQUIRE_CUDA=1 turns that into a failure, for a GPU machine's CI. As on OpenCL,
 * the launch limit is lowered to 2 groups, so the kit's small sizes take the split-launch paths.
 */
class CudaConformanceTest extends DeviceConformanceTest {
    private static int savedLimit;

    @BeforeAll
    static void splitLaunchesAtSmallSizes() {
        savedLimit = LaunchGeometry.maxGroupsPerLaunch(2);
    }

    @AfterAll
    static void restoreTheLaunchLimit() {
        LaunchGeometry.maxGroupsPerLaunch(savedLimit);
    }

    @Override protected Device device() {
        return DeviceAssumptions.requireOrSkip("cuda", "DENDRITE_REQUIRE_CUDA");
    }

    /**
     * Surefire does not count the kit's test factories when they are skipped as a whole, so this
     * one plain test makes the skip, and its reason, show in the report.
     */
    @Test
    void cudaDeviceIsPresent() {
        Device cuda = device();
        assertEquals("cuda", cuda.name());
        assertTrue(cuda.description().startsWith("CUDA "), cuda.description());
    }
}
