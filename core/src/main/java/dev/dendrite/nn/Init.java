package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.tensor.Tensor;

/**
 * Where initial weights come from. Every layer draws its parameters from Philox (the same
 * numbers on every device) under a seed taken from one process-wide sequence, so
 * {@code Init.manualSeed(42)} followed by building a model gives the same weights on every run and
 * every device, as {@code torch.manual_seed} does.
 *
 * <p>The distributions are PyTorch's defaults: Linear and Conv2d weights use Kaiming-uniform with
 * {@code a = sqrt(5)}, which works out to U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and so do their
 * biases; recurrent layers use U(-1/sqrt(hidden), 1/sqrt(hidden)) for everything.
 */
public final class Init {
    private Init() {}

    private static final long DEFAULT_SEED = 0x5EED_D00DL;
    private static long state = DEFAULT_SEED;

    /** Restarts the sequence of seeds; layers built afterwards get reproducible weights. */
    public static synchronized void manualSeed(long seed) {
        state = seed;
    }

    /** The next seed of the sequence (SplitMix64: consecutive seeds are unrelated 64-bit values). */
    public static synchronized long nextSeed() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** U(-bound, bound) of {@code shape}, drawn under the next seed. */
    public static Tensor uniform(Device device, float bound, int... shape) {
        return Tensor.uniform(device, nextSeed(), -bound, bound, shape);
    }

    /** N(0, 1) of {@code shape}, drawn under the next seed (PyTorch's Embedding default). */
    public static Tensor standardNormal(Device device, int... shape) {
        return Tensor.normal(device, nextSeed(), 0f, 1f, shape);
    }

    /**
     * PyTorch's default for Linear and Conv2d weights: {@code kaiming_uniform_(a = sqrt(5))}. Its
     * bound {@code gain * sqrt(3 / fan_in)} with {@code gain = sqrt(2 / (1 + a^2))} simplifies to
     * {@code 1 / sqrt(fan_in)}.
     */
    public static Tensor kaimingUniformDefault(Device device, int fanIn, int... shape) {
        return uniform(device, fanInBound(fanIn), shape);
    }

    /** {@code 1 / sqrt(fanIn)}, PyTorch's bias bound for Linear and Conv2d. */
    public static float fanInBound(int fanIn) {
        return fanIn > 0 ? (float) (1.0 / Math.sqrt(fanIn)) : 0f;
    }
}
