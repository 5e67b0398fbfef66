package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelProfileTest {
    @Test
    void reportListsKernelsSlowestFirstWithTheirShare() {
        KernelProfile.add("profile_test_fast", 1_000_000);
        KernelProfile.add("profile_test_slow", 30_000_000);
        KernelProfile.add("profile_test_slow", 30_000_000);
        String r = KernelProfile.report();
        int slow = r.indexOf("profile_test_slow"), fast = r.indexOf("profile_test_fast");
        assertTrue(slow >= 0 && fast > slow, r);
        assertTrue(r.substring(slow, r.indexOf('\n', slow)).matches(".*\\s2\\s+60\\.0\\s.*"), "2 launches, 60.0 ms: " + r);
    }
}
