package dev.dendrite.opencl;

import dev.dendrite.conformance.DeviceAssumptions;

/**
 * The OpenCL device for tests: where OpenCL is missing, the tests skip with one clear reason;
 * with DENDRITE_REQUIRE_OPENCL=1 (as in CI) they fail instead, so a broken ICD cannot pass
 * silently. The device is the shared one from Devices, so programs are built once per run.
 */
final class OpenClTestSupport {
    static final String REQUIRE_ENV = "DENDRITE_REQUIRE_OPENCL";
    /**
     * The launch limit ({@link dev.dendrite.kernels.LaunchGeometry#maxGroupsPerLaunch}) the kit runs
     * under: 2 groups, so that a launch still holds more than one group and the kit's sizes need
     * several launches.
     */
    static final int KIT_GROUPS_PER_LAUNCH = 2;

    private OpenClTestSupport() {}

    static OpenClDevice device() {
        return (OpenClDevice) DeviceAssumptions.requireOrSkip("opencl", REQUIRE_ENV);
    }
}
