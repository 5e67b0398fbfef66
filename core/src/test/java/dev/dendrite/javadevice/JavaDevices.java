package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helpers: the java device configurations every test runs on (scalar single-threaded, scalar
 * multi-threaded, Vector API), random data, and upload/download shortcuts.
 */
final class JavaDevices {
    private JavaDevices() {}

    static final JavaDevice SCALAR_1 = new JavaDevice(new JavaDevice.Options(false, 1));
    static final JavaDevice SCALAR_3 = new JavaDevice(new JavaDevice.Options(false, 3));
    static final JavaDevice VECTOR_2 = JavaDevice.vectorApiAvailable()
            ? new JavaDevice(new JavaDevice.Options(true, 2, 0)) : null;

    /** Every configuration to test (the vector one only when its module is present, which it is under Maven). */
    static List<JavaDevice> all() {
        List<JavaDevice> devices = new ArrayList<>(List.of(SCALAR_1, SCALAR_3));
        if (VECTOR_2 != null) devices.add(VECTOR_2);
        return devices;
    }

    static final int[] SIZES = {1, 3, 17, 33, 129};

    static float[] randomFloats(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextGaussian());
        return x;
    }

    static DeviceBuffer upload(JavaDevice device, float[] x) {
        DeviceBuffer b = device.allocate(DType.F32, x.length);
        device.upload(x, 0, b, 0, x.length);
        return b;
    }

    static DeviceBuffer upload(JavaDevice device, int[] x) {
        DeviceBuffer b = device.allocate(DType.I32, x.length);
        device.upload(x, 0, b, 0, x.length);
        return b;
    }

    static float[] download(JavaDevice device, DeviceBuffer b) {
        float[] x = new float[b.length()];
        device.download(b, 0, x, 0, x.length);
        return x;
    }

    static int[] downloadInts(JavaDevice device, DeviceBuffer b) {
        int[] x = new int[b.length()];
        device.download(b, 0, x, 0, x.length);
        return x;
    }

    static void releaseAll(JavaDevice device, DeviceBuffer... buffers) {
        for (DeviceBuffer b : buffers) if (b != null) device.release(b);
    }

    /** |actual - expected| <= abs + rel * |expected| element by element; NaN must match NaN. */
    static void assertClose(float[] expected, float[] actual, double abs, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) fail(what + ": element " + i + " expected " + e + " but was " + a);
                continue;
            }
            if (e == a) continue; // also covers equal infinities
            if (!(Math.abs(a - e) <= abs + rel * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }
}
