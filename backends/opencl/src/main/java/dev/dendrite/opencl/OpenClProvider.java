package dev.dendrite.opencl;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceProvider;

/**
 * Registers the OpenCL device (name "opencl", priority 10) with {@link dev.dendrite.device.Devices}
 * through META-INF/services. Probing never throws: JOCL loads the unversioned libOpenCL.so, and
 * without an ICD (or with no platform installed) OpenCL reports an error code; both become one
 * line of reason.
 */
public final class OpenClProvider implements DeviceProvider {
    private static volatile String reason;
    private static volatile boolean gpu;
    private static volatile boolean probed;

    @Override public String name() { return "opencl"; }

    @Override public int priority() { return 10; }

    @Override public String unavailableReason() {
        if (!probed) {
            synchronized (OpenClProvider.class) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    /**
     * A GPU or accelerator, not a CPU: PoCL runs OpenCL on the CPU, where the java device is faster,
     * so "auto" passes it over.
     */
    @Override public boolean isAccelerator() {
        return unavailableReason() == null && gpu;
    }

    /** Null when a device can be chosen; else one line. */
    static String probe() {
        try {
            org.jocl.CL.setExceptionsEnabled(true);
            ClDeviceChoice.Candidate chosen = ClDeviceChoice.choose(ClDeviceChoice.enumerate(), ClDeviceChoice.setting());
            gpu = (chosen.type() & (org.jocl.CL.CL_DEVICE_TYPE_GPU | org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR)) != 0;
            return null;
        } catch (LinkageError e) {
            return "OpenCL unavailable: cannot load JOCL or libOpenCL.so (" + firstLine(e) + ")";
        } catch (org.jocl.CLException e) {
            return "OpenCL unavailable: no OpenCL platform (" + firstLine(e) + "); install an ICD such as pocl-opencl-icd";
        } catch (IllegalStateException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "OpenCL unavailable: " + firstLine(e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override public Device create() { return new OpenClDevice(); }
}
