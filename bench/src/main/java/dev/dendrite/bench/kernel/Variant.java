package dev.dendrite.bench.kernel;

import dev.dendrite.device.Device;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One version of a kernel family: a rung of a ladder (run only where that rung exists) or an op
 * of the family on the device's own path (run on every device).
 *
 * @param name    what {@code --variant} selects
 * @param runsOn  the devices that have this version
 * @param problem the call at a size (the size as the user gave it, already checked by the family)
 * @param onDevice the call as this variant makes it on a device that {@link #runsOn} (a fixed rung,
 *                CLBlast); {@code null} for the device's own path. The reference always runs the
 *                problem's own op.
 */
record Variant(String name, Predicate<Device> runsOn, Function<int[], Problem> problem, Binder onDevice) {

    /** The call of this variant on {@code device} at {@code size}; throws {@link Unavailable} when it cannot run here. */
    @FunctionalInterface
    interface Binder {
        Problem.Op bind(Device device, int[] size, Problem problem);
    }

    /** Thrown by a binder for a variant this machine cannot run (CLBlast missing): the row says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String reason) { super(reason); }
    }

    /** A version every device runs on its own path. */
    static Variant everywhere(String name, Function<int[], Problem> problem) {
        return new Variant(name, d -> true, problem, null);
    }

    Problem.Op opOn(Device device, int[] size, Problem p) {
        return onDevice == null ? p.op() : onDevice.bind(device, size, p);
    }
}
