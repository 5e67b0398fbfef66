package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.device.Device;
import dev.dendrite.kernels.LaunchGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance kit (every Device op against the reference device) on the OpenCL device, with the
 * launch limit lowered to {@value OpenClTestSupport#KIT_GROUPS_PER_LAUNCH} groups: at the kit's
 * small sizes the work is then split over several launches (strided rows from a rowBase, pooling
 * planes from a planeBase, the convolution bias by images, matmul's batch looped in the kernel),
 * paths that real sizes only take past 65535 groups.
 */
class OpenClConformanceTest extends DeviceConformanceTest {
    private static int savedLimit;

    @BeforeAll
    static void splitLaunchesAtSmallSizes() {
        savedLimit = LaunchGeometry.maxGroupsPerLaunch(OpenClTestSupport.KIT_GROUPS_PER_LAUNCH);
    }

    @AfterAll
    static void restoreTheLaunchLimit() {
        LaunchGeometry.maxGroupsPerLaunch(savedLimit);
    }

    @Override protected Device device() {
        return OpenClTestSupport.device();
    }
}
