package dev.dendrite.referencedevice;

import dev.dendrite.device.Distribution;
import dev.dendrite.device.Philox;

/**
 * Philox random numbers, element by element, written from the mapping documented in
 * {@link Philox} (only its block function is shared: the generator is the specification).
 * Uniform follows the spec's float operations exactly; normal is Box-Muller in double, rounded once.
 */
final class RandomNumbers {
    private RandomNumbers() {}

    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    /** dst[i] = the value of element counterOffset + i under seed. */
    static void fill(float[] dst, int count, Distribution distribution, long seed, long counterOffset, float a, float b) {
        int[] words = new int[4];
        for (int i = 0; i < count; i++) {
            long element = counterOffset + i;
            Philox.blockFor(seed, element >>> 2, words);   // one block of 4 words serves 4 elements
            int lane = (int) (element & 3);
            dst[i] = distribution == Distribution.UNIFORM ? uniform(words[lane], a, b) : normal(words, lane, a, b);
        }
    }

    /** a + (b - a) * u with u = top 24 bits * 2^-24 in [0, 1): float operations, as the spec fixes them. */
    private static float uniform(int word, float a, float b) {
        float u = (word >>> 8) * TWO_POW_MINUS_24;
        return a + (b - a) * u;
    }

    /** mean a, deviation b: lanes 0, 1 share words 0, 1 and lanes 2, 3 words 2, 3 (cos for even lanes, sin for odd). */
    private static float normal(int[] words, int lane, float a, float b) {
        int pair = lane / 2;
        double u1 = ((words[2 * pair] >>> 8) + 1) * (double) TWO_POW_MINUS_24;   // (0, 1]: log never sees 0
        double u2 = (words[2 * pair + 1] >>> 8) * (double) TWO_POW_MINUS_24;     // [0, 1)
        double radius = Math.sqrt(-2 * Math.log(u1)), angle = 2 * Math.PI * u2;
        float z = (float) (lane % 2 == 0 ? radius * Math.cos(angle) : radius * Math.sin(angle));
        return a + b * z;
    }
}
