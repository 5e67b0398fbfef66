package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One op run on the device under test and on the reference device with the same inputs, its outputs
 * compared element by element.
 *
 * <p>A case declares named buffers: inputs (uploaded, not checked), outputs (pre-filled with a
 * sentinel, checked) and in-place buffers (uploaded, checked). Every output and in-place buffer
 * has {@link #GUARD} extra elements after the ones the op may touch, so a device that writes past
 * the end, or forgets to write an element, shows up as a mismatch with a clear message. The case
 * also checks that the device's live-buffer count returns to where it was.
 */
final class OpCase implements ConformanceCase {
    /** Elements after each checked buffer that the op must leave alone. */
    static final int GUARD = 3;
    static final float SENTINEL_F32 = -12345.5f;
    static final int SENTINEL_I32 = -12345;

    /** The body of a case: the op calls, given each named buffer on the device. */
    interface Action {
        void run(Device device, Buffers buffers);
    }

    /** Named buffers of one run. */
    interface Buffers {
        DeviceBuffer get(String name);
    }

    private static final class Slot {
        final String name;
        final DType dtype;
        final float[] floats;
        final int[] ints;
        final boolean checked;
        final int[] shape;
        final Tolerances.Kind kind;
        final double scale;

        Slot(String name, DType dtype, float[] floats, int[] ints, boolean checked, int[] shape,
             Tolerances.Kind kind, double scale) {
            this.name = name;
            this.dtype = dtype;
            this.floats = floats;
            this.ints = ints;
            this.checked = checked;
            this.shape = shape;
            this.kind = kind;
            this.scale = scale;
        }

        int length() { return dtype == DType.F32 ? floats.length : ints.length; }
    }

    private final String name;
    private final Random random;
    private final List<Slot> slots = new ArrayList<>();
    private Action action;

    OpCase(String name) {
        this.name = name;
        this.random = new Random(name.hashCode());
    }

    @Override public String name() { return name; }

    @Override public long elements() {
        long n = 0;
        for (Slot s : slots) n += s.length();
        return n;
    }

    /** This case's random source, seeded by its name so a failure reproduces. */
    Random random() { return random; }

    float[] sample(Domain domain, int n) { return domain.sample(random, n); }

    OpCase input(String name, float[] data) {
        slots.add(new Slot(name, DType.F32, atLeastOne(data), null, false, null, null, 0));
        return this;
    }

    OpCase input(String name, int[] data) {
        int[] stored = data.length == 0 ? new int[1] : data;
        slots.add(new Slot(name, DType.I32, null, stored, false, null, null, 0));
        return this;
    }

    /** A strided input: its whole backing array filled from {@code domain}. */
    OpCase input(String name, Strided layout, Domain domain) {
        return input(name, sample(domain, layout.storageLength));
    }

    /** An output the op writes from element 0 ({@code shape} is used to name failing indices). */
    OpCase output(String name, DType dtype, int[] shape, Tolerances.Kind kind, double scale) {
        int n = Shapes.numel(shape) + GUARD;
        if (dtype == DType.F32) {
            float[] f = new float[n];
            java.util.Arrays.fill(f, SENTINEL_F32);
            slots.add(new Slot(name, dtype, f, null, true, shape.clone(), kind, scale));
        } else {
            int[] i = new int[n];
            java.util.Arrays.fill(i, SENTINEL_I32);
            slots.add(new Slot(name, dtype, null, i, true, shape.clone(), kind, scale));
        }
        return this;
    }

    /** A buffer the op updates in place; {@code data} holds {@code numel(shape)} elements. */
    OpCase inout(String name, float[] data, int[] shape, Tolerances.Kind kind, double scale) {
        float[] f = java.util.Arrays.copyOf(data, data.length + GUARD);
        for (int i = data.length; i < f.length; i++) f[i] = random.nextFloat() - 7f;
        slots.add(new Slot(name, DType.F32, f, null, true, shape.clone(), kind, scale));
        return this;
    }

    OpCase inout(String name, int[] data, int[] shape) {
        int[] v = java.util.Arrays.copyOf(data, data.length + GUARD);
        for (int i = data.length; i < v.length; i++) v[i] = -7000 - i;
        slots.add(new Slot(name, DType.I32, null, v, true, shape.clone(), Tolerances.Kind.EXACT, 1));
        return this;
    }

    OpCase run(Action action) {
        this.action = action;
        return this;
    }

    @Override public void run(CaseContext context) {
        Device device = context.device();
        Device reference = context.reference();
        Map<String, Object> expected = execute(reference);
        long liveBefore = device.memoryStats().liveBuffers();
        Map<String, Object> actual = execute(device);
        assertEquals(liveBefore, device.memoryStats().liveBuffers(),
                name + ": device '" + device.name() + "' live buffer count did not return to its value before the case");
        for (Slot s : slots) {
            if (!s.checked) continue;
            String where = name + " on device '" + device.name() + "' vs reference '" + reference.name() + "'";
            if (s.dtype == DType.F32) {
                Comparison.floats(where, s.name, s.shape, (float[]) expected.get(s.name), (float[]) actual.get(s.name),
                        context.tolerance(s.kind), s.scale);
            } else {
                Comparison.ints(where, s.name, s.shape, (int[]) expected.get(s.name), (int[]) actual.get(s.name));
            }
        }
    }

    /** Allocates and uploads every slot, runs the action, downloads the checked slots, releases all. */
    private Map<String, Object> execute(Device device) {
        if (action == null) fail(name + ": case has no action");
        Map<String, DeviceBuffer> buffers = new LinkedHashMap<>();
        try {
            for (Slot s : slots) {
                DeviceBuffer b = device.allocate(s.dtype, s.length());
                buffers.put(s.name, b);
                if (s.dtype == DType.F32) device.upload(s.floats, 0, b, 0, s.length());
                else device.upload(s.ints, 0, b, 0, s.length());
            }
            action.run(device, n -> {
                DeviceBuffer b = buffers.get(n);
                if (b == null) throw new IllegalArgumentException(name + ": no buffer named '" + n + "'");
                return b;
            });
            Map<String, Object> results = new LinkedHashMap<>();
            for (Slot s : slots) {
                if (!s.checked) continue;
                DeviceBuffer b = buffers.get(s.name);
                if (s.dtype == DType.F32) {
                    float[] out = new float[s.length()];
                    device.download(b, 0, out, 0, out.length);
                    results.put(s.name, out);
                } else {
                    int[] out = new int[s.length()];
                    device.download(b, 0, out, 0, out.length);
                    results.put(s.name, out);
                }
            }
            return results;
        } finally {
            for (DeviceBuffer b : buffers.values()) device.release(b);
        }
    }

    private static float[] atLeastOne(float[] data) {
        return data.length == 0 ? new float[1] : data;
    }
}
