package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DeviceAssumptionsTest {

    @Test
    void unavailableDeviceSkipsWithTheReasonWhenNotRequired() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> DeviceAssumptions.requireOrSkip("no-such-device", "DENDRITE_REQUIRE_X", Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("no provider named 'no-such-device'"), e.getMessage());
        assertTrue(e.getMessage().contains("DENDRITE_REQUIRE_X=1"), e.getMessage());
    }

    @Test
    void unavailableDeviceSkipsWhenTheVariableSaysNo() {
        assertThrows(TestAbortedException.class,
                () -> DeviceAssumptions.requireOrSkip("no-such-device", "DENDRITE_REQUIRE_X", Map.of("DENDRITE_REQUIRE_X", "0")::get));
    }

    @Test
    void unavailableDeviceFailsWhenRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> DeviceAssumptions.requireOrSkip("no-such-device", "DENDRITE_REQUIRE_X", Map.of("DENDRITE_REQUIRE_X", "1")::get));
        assertTrue(e.getMessage().contains("required here (DENDRITE_REQUIRE_X=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("no provider named 'no-such-device'"), e.getMessage());
    }
}
