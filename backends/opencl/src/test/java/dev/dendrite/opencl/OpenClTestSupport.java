package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Where OpenCL is missing the OpenCL tests skip with one clear reason; with
 * DENDRITE_REQUIRE_OPENCL=1 (as in CI) they fail instead, so a broken ICD cannot pass silently.
 */
final class OpenClTestSupport {
    static final String REQUIRE_ENV = "DENDRITE_REQUIRE_OPENCL";
    private static OpenClDevice shared;

    private OpenClTestSupport() {}

    static void requireOpenCl() {
        String reason = OpenClProvider.probe();
        if (reason == null) return;
        if ("1".equals(System.getenv(REQUIRE_ENV))) fail(REQUIRE_ENV + "=1 but " + reason);
        Assumptions.abort(reason);
    }

    /** One device for the whole test run (building programs costs ~0.5 s each on a cold PoCL cache). */
    static synchronized OpenClDevice device() {
        requireOpenCl();
        if (shared == null) shared = new OpenClDevice(ClDeviceChoice.setting(), null);
        return shared;
    }
}
