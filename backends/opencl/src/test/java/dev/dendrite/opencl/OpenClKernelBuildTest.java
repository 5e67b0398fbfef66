package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.kernels.KernelSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenClKernelBuildTest {

    static Iterable<String> families() { return KernelSources.FAMILIES; }

    @ParameterizedTest
    @MethodSource("families")
    void everyKernelFamilyBuilds(String family) {
        assertNotNull(OpenClTestSupport.device().programs().program(family));
    }

    @Test
    void aBrokenKernelReportsTheCompilerLog() {
        OpenClDevice device = OpenClTestSupport.device();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> device.programs().build("broken", "__kernel void broken(__global float* x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().contains("broken.cl failed to build"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), "the log names the offending identifier: " + e.getMessage());
    }
}
