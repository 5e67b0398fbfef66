package dev.dendrite.opencl;

import dev.dendrite.config.Setting;
import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Which OpenCL device the backend uses.
 *
 * <p>By default the first GPU of any platform, else the first CPU device, else the first device
 * at all. The environment variable {@value #ENV} (or the system property {@value #PROPERTY})
 * overrides it with one of:
 * <ul>
 *   <li>{@code gpu}, {@code cpu} or {@code accelerator}: the first device of that type;</li>
 *   <li>{@code P:D}: device number D of platform number P, both counted from 0 in the order the
 *       OpenCL ICD loader lists them (the order {@code clinfo -l} prints);</li>
 *   <li>any other text: the first device whose "platform name / device name" contains it,
 *       ignoring case (e.g. {@code pocl}, {@code nvidia}, {@code "RTX 4090"}).</li>
 * </ul>
 */
final class ClDeviceChoice {
    static final String ENV = Setting.OPENCL_DEVICE.env();
    static final String PROPERTY = Setting.OPENCL_DEVICE.property();

    /** One device of one platform, with the indices the P:D syntax uses. */
    record Candidate(int platformIndex, int deviceIndex, cl_platform_id platform, cl_device_id device,
                     String platformName, String deviceName, long type) {
        String label() { return platformName + " / " + deviceName; }
    }

    private ClDeviceChoice() {}

    /** The setting, or null when neither the property nor the variable is set. */
    static String setting() {
        return Setting.OPENCL_DEVICE.value();
    }

    /** Every device of every platform. Throws CLException (or a LinkageError) when OpenCL is absent. */
    static List<Candidate> enumerate() {
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<Candidate> all = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            int[] n = new int[1];
            int rc = clGetDeviceIDsNoThrow(platforms[p], n);
            if (rc != CL_SUCCESS || n[0] == 0) continue;
            cl_device_id[] devices = new cl_device_id[n[0]];
            clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, devices.length, devices, null);
            String platformName = platformString(platforms[p], CL_PLATFORM_NAME);
            for (int d = 0; d < devices.length; d++) {
                long[] type = new long[1];
                clGetDeviceInfo(devices[d], CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
                all.add(new Candidate(p, d, platforms[p], devices[d], platformName,
                        deviceString(devices[d], CL_DEVICE_NAME), type[0]));
            }
        }
        return all;
    }

    /** A platform with no device makes clGetDeviceIDs fail with CL_DEVICE_NOT_FOUND: not an error here. */
    private static int clGetDeviceIDsNoThrow(cl_platform_id platform, int[] n) {
        try {
            return clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (org.jocl.CLException e) {
            return e.getStatus();
        }
    }

    /** The device the setting names (or the default choice); fails with the list of what exists. */
    static Candidate choose(List<Candidate> all, String setting) {
        if (all.isEmpty()) throw new IllegalStateException("OpenCL unavailable: no OpenCL device on any platform");
        if (setting == null) {
            for (long type : new long[] {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_CPU}) {
                for (Candidate c : all) if ((c.type() & type) != 0) return c;
            }
            return all.get(0);
        }
        String s = setting.toLowerCase(Locale.ROOT);
        Long type = switch (s) {
            case "gpu" -> CL_DEVICE_TYPE_GPU;
            case "cpu" -> CL_DEVICE_TYPE_CPU;
            case "accelerator" -> CL_DEVICE_TYPE_ACCELERATOR;
            default -> null;
        };
        if (type != null) {
            for (Candidate c : all) if ((c.type() & type) != 0) return c;
        } else if (s.matches("\\d+:\\d+")) {
            int p = Integer.parseInt(s.substring(0, s.indexOf(':')));
            int d = Integer.parseInt(s.substring(s.indexOf(':') + 1));
            for (Candidate c : all) if (c.platformIndex() == p && c.deviceIndex() == d) return c;
        } else {
            for (Candidate c : all) if (c.label().toLowerCase(Locale.ROOT).contains(s)) return c;
        }
        throw new IllegalStateException("OpenCL unavailable: " + ENV + "='" + setting + "' matches no device; devices: "
                + describe(all));
    }

    static String describe(List<Candidate> all) {
        StringBuilder sb = new StringBuilder();
        for (Candidate c : all) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(c.platformIndex()).append(':').append(c.deviceIndex()).append(" = ").append(c.label());
        }
        return sb.toString();
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    private static String cString(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) n--;
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
