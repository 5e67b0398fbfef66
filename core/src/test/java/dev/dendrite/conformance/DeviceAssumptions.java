package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * For backend tests: get the named device, or skip with the provider's one-line reason when this
 * machine cannot run it, or fail instead of skipping when an environment variable (for example
 * {@code DENDRITE_REQUIRE_OPENCL=1}) says the device must be there, as CI does.
 */
public final class DeviceAssumptions {
    private DeviceAssumptions() {}

    /**
     * The device named {@code deviceName} (shared, from {@link Devices#get}). When it is not available:
     * fails if {@code requireEnvVar} is set to anything but "", "0" or "false", otherwise aborts the
     * calling test (JUnit reports it skipped) with the reason.
     */
    public static Device requireOrSkip(String deviceName, String requireEnvVar) {
        return requireOrSkip(deviceName, requireEnvVar, System::getenv);
    }

    /** As above, reading the environment through {@code env} (tests pass a fake one). */
    static Device requireOrSkip(String deviceName, String requireEnvVar, UnaryOperator<String> env) {
        String reason = Devices.unavailableReason(deviceName);
        if (reason == null) return Devices.get(deviceName);
        requireOrSkip("device '" + deviceName + "'", reason, requireEnvVar, env);
        throw new AssertionError("unreachable");
    }

    /**
     * The same rule for something that is not a device, such as a native library: when
     * {@code reason} is not null, {@code what} is missing, and the calling test fails or aborts.
     */
    public static void requireOrSkip(String what, String reason, String requireEnvVar) {
        if (reason != null) requireOrSkip(what, reason, requireEnvVar, System::getenv);
    }

    private static void requireOrSkip(String what, String reason, String requireEnvVar, UnaryOperator<String> env) {
        if (isSet(env.apply(requireEnvVar))) {
            fail(what + " is required here (" + requireEnvVar + "=" + env.apply(requireEnvVar)
                    + ") but is not available: " + reason);
        }
        Assumptions.abort(what + " skipped: " + reason + " (set " + requireEnvVar + "=1 to make this a failure)");
    }

    private static boolean isSet(String value) {
        if (value == null) return false;
        String v = value.trim().toLowerCase();
        return !v.isEmpty() && !v.equals("0") && !v.equals("false") && !v.equals("no");
    }
}
