package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Devices;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenClProviderTest {

    @Test
    void registeredUnderItsNameWithPriorityTen() {
        assertTrue(Devices.names().contains("opencl"), Devices.names().toString());
        OpenClProvider p = new OpenClProvider();
        assertEquals("opencl", p.name());
        assertEquals(10, p.priority());
    }

    @Test
    void probingGivesNullOrOneLineAndNeverThrows() {
        String reason = OpenClProvider.probe();
        if (reason != null) {
            assertFalse(reason.contains("\n"), reason);
            assertTrue(reason.startsWith("OpenCL unavailable"), reason);
        }
    }

    @Test
    void deviceSettingSyntax() {
        OpenClTestSupport.device();   // skips without OpenCL
        List<ClDeviceChoice.Candidate> all = ClDeviceChoice.enumerate();
        ClDeviceChoice.Candidate first = all.get(0);
        assertEquals(first, ClDeviceChoice.choose(all, first.platformIndex() + ":" + first.deviceIndex()));
        assertEquals(first, ClDeviceChoice.choose(all, first.deviceName().substring(0, 3).toUpperCase()));
        assertTrue(ClDeviceChoice.choose(all, null) != null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClDeviceChoice.choose(all, "no-such-device"));
        assertTrue(e.getMessage().startsWith("OpenCL unavailable: DENDRITE_OPENCL_DEVICE='no-such-device' matches no device"),
                e.getMessage());
        assertTrue(e.getMessage().contains(first.deviceName()), "lists the devices there are: " + e.getMessage());
    }

    @Test
    void aSettingThatMatchesNothingMakesTheProviderUnavailableWithoutThrowing() {
        OpenClTestSupport.device();
        String old = System.getProperty(ClDeviceChoice.PROPERTY);
        System.setProperty(ClDeviceChoice.PROPERTY, "no-such-device");
        try {
            String reason = OpenClProvider.probe();
            assertTrue(reason != null && reason.contains("matches no device"), String.valueOf(reason));
        } finally {
            if (old == null) System.clearProperty(ClDeviceChoice.PROPERTY);
            else System.setProperty(ClDeviceChoice.PROPERTY, old);
        }
        assertNull(OpenClProvider.probe());
    }

    @Test
    void autoTakesAnOpenClGpuButNotACpuDevice() {
        OpenClTestSupport.device();
        ClDeviceChoice.Candidate chosen = ClDeviceChoice.choose(ClDeviceChoice.enumerate(), ClDeviceChoice.setting());
        boolean gpu = (chosen.type() & (org.jocl.CL.CL_DEVICE_TYPE_GPU | org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR)) != 0;
        assertEquals(gpu, new OpenClProvider().isAccelerator(), chosen.label());
        // This module's class path has the java and OpenCL devices only: PoCL (a CPU) loses to java.
        assertEquals(gpu ? "opencl" : "java", Devices.get("auto").name(), chosen.label());
    }

    @Test
    void describesItsHardware() {
        String d = OpenClTestSupport.device().description();
        assertTrue(d.startsWith("OpenCL "), d);
        assertFalse(d.contains("\n"), d);
    }
}
