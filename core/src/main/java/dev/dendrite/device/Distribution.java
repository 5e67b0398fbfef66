package dev.dendrite.device;

/**
 * What {@link Device#random} draws. Both come from Philox4x32-10 with a documented mapping from
 * (seed, element index) to a value (see {@code dev.dendrite.device.Philox}), so every device
 * produces the same numbers for the same seed.
 */
public enum Distribution {
    /** Uniform on {@code [a, b)}. */
    UNIFORM,
    /** Normal with mean {@code a} and standard deviation {@code b} (Box-Muller). */
    NORMAL
}
