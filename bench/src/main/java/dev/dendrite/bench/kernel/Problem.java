package dev.dendrite.bench.kernel;

import dev.dendrite.conformance.Tolerances;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One kernel call at one size, described so that any device can run it: its buffers (how each is
 * filled, and which are checked against the reference afterwards), the call itself, and how much
 * work one call does.
 *
 * @param shape what the size means, for the heading ("512 x 512 x 512")
 * @param unit  {@code GFLOP/s} or {@code GB/s}
 * @param work  floating-point operations or bytes moved by one call (the least any kernel must move)
 * @param bufs  every buffer of the call, in the order {@link Op#run} receives them
 * @param op    the call on the device's own path (the reference runs this one too)
 */
record Problem(String shape, String unit, double work, List<Buf> bufs, Op op) {

    /** The call: {@code bufs} holds one device buffer per {@link Buf}, in order. */
    @FunctionalInterface
    interface Op {
        void run(Device device, DeviceBuffer[] bufs);
    }

    /** How a buffer starts: uniform in [-1, 1), uniform in [0, 1), integers in [0, bound), or left undefined. */
    enum Fill { UNIFORM, POSITIVE, INDEX, NONE }

    /**
     * One buffer.
     *
     * @param check null when the buffer is not compared; else the kit's tolerance kind for it
     * @param scale the scale the kit passes for it (sqrt(K) for a sum of K terms, else 1)
     * @param bound for {@link Fill#INDEX}: indices are drawn from [0, bound)
     */
    record Buf(String name, DType dtype, int length, Fill fill, int bound, Tolerances.Kind check, double scale,
               Function<Random, int[]> preset) {
        static Buf in(String name, int length) { return new Buf(name, DType.F32, length, Fill.UNIFORM, 0, null, 1, null); }

        static Buf positive(String name, int length) { return new Buf(name, DType.F32, length, Fill.POSITIVE, 0, null, 1, null); }

        static Buf index(String name, int length, int bound) {
            return new Buf(name, DType.I32, length, Fill.INDEX, bound, null, 1, null);
        }

        /** Integers made on the host by {@code preset} (e.g. argmax positions that lie inside their windows). */
        static Buf ints(String name, int length, Function<Random, int[]> preset) {
            return new Buf(name, DType.I32, length, Fill.INDEX, 0, null, 1, preset);
        }

        static Buf out(String name, int length, Tolerances.Kind check, double scale) {
            return new Buf(name, DType.F32, length, Fill.NONE, 0, check, scale, null);
        }

        static Buf outInts(String name, int length) {
            return new Buf(name, DType.I32, length, Fill.NONE, 0, Tolerances.Kind.EXACT, 1, null);
        }

        /** The same buffer, also compared after the call (for ops that update in place). */
        Buf checked(Tolerances.Kind kind, double s) { return new Buf(name, dtype, length, fill, bound, kind, s, preset); }
    }
}
