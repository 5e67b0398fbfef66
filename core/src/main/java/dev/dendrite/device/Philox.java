package dev.dendrite.device;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator every Dendrite device uses, and the exact mapping from
 * {@code (seed, element index)} to a float. Because the value of element {@code e} depends only
 * on {@code (seed, e)}, a GPU thread can compute its element without any shared state, and every
 * device produces the same numbers for the same seed.
 *
 * <h2>The block function</h2>
 * A 128-bit counter {@code (c0, c1, c2, c3)} and a 64-bit key {@code (k0, k1)} (all unsigned 32-bit
 * words) go through 10 rounds; before every round but the first the key is bumped by
 * {@code (k0 += 0x9E3779B9, k1 += 0xBB67AE85)}. One round, with {@code mulhilo} the full 64-bit
 * product of two 32-bit words:
 * <pre>
 *   (hi0, lo0) = mulhilo(0xD2511F53, c0)
 *   (hi1, lo1) = mulhilo(0xCD9E8D57, c2)
 *   (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
 * </pre>
 * The result matches Random123's {@code philox4x32_R(10, ctr, key)} (the tests pin its
 * known-answer vectors).
 *
 * <h2>Mapping of element indices (this is the part other devices must copy)</h2>
 * <ul>
 *   <li><b>Key</b>: {@code k0 = (uint) seed}, {@code k1 = (uint) (seed >>> 32)}.</li>
 *   <li><b>Element</b> {@code e = counterOffset + i} (64-bit, wrapping) for element {@code i} of a fill.
 *       Block {@code q = e >>> 2}; counter {@code c0 = (uint) q, c1 = (uint) (q >>> 32), c2 = 0, c3 = 0};
 *       lane {@code l = e & 3}.</li>
 *   <li><b>Uniform</b> on [0, 1): word {@code x = out[l]}, {@code u = (x >>> 8) * 2^-24} (exact in float:
 *       24 random bits). On [a, b): {@code a + (b - a) * u}, two float operations, rounded each time,
 *       not fused (OpenCL: {@code #pragma OPENCL FP_CONTRACT OFF} or write it with explicit roundings).
 *       Devices following this are <b>bit-exact</b>. Note the rounded result can equal b when
 *       {@code b - a} is not a power of two times the spacing of u; with a = 0, b = 1 it never does.</li>
 *   <li><b>Normal</b> (Box-Muller): the block's words pair up as (out[0], out[1]) and (out[2], out[3]);
 *       element lane l uses pair {@code p = l >> 1}:
 *       {@code u1 = ((out[2p] >>> 8) + 1) * 2^-24} in (0, 1] (so log never sees 0),
 *       {@code u2 = (out[2p+1] >>> 8) * 2^-24} in [0, 1),
 *       {@code r = sqrt(-2 ln u1)}, {@code t = 2 pi u2},
 *       {@code z = (l even) ? r cos t : r sin t}; the value is {@code a + b * z} (float ops).
 *       Java computes r, t and z in double and rounds z to float once. A device computing them in
 *       float with its own log/sqrt/cos agrees within about {@code 1e-5 * |b|} absolute
 *       (|z| {@literal <=} 5.8, and float's 2 pi t alone carries ~5e-7 error); it is not bit-exact, because
 *       libms differ.</li>
 * </ul>
 */
public final class Philox {
    private Philox() {}

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFFFFFFL;
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;
    private static final double TWO_PI = 2 * Math.PI;

    /** Philox4x32-10 of counter (c0..c3) under key (k0, k1); writes the 4 output words to {@code out[0..3]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & MASK);
            long p1 = M1 * (c2 & MASK);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** The four words of block {@code q} (elements 4q .. 4q+3) under {@code seed}. */
    public static void blockFor(long seed, long q, int[] out) {
        block((int) q, (int) (q >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** The raw 32-bit word of element {@code e}. */
    public static int word(long seed, long e) {
        int[] out = new int[4];
        blockFor(seed, e >>> 2, out);
        return out[(int) (e & 3)];
    }

    /** A 32-bit word as a uniform float in [0, 1): its top 24 bits times 2^-24. */
    public static float toUniform(int word) {
        return (word >>> 8) * TWO_POW_MINUS_24;
    }

    /** Uniform on [0, 1) for element {@code e}. */
    public static float uniform(long seed, long e) {
        return toUniform(word(seed, e));
    }

    /** Standard normal for element {@code e} (Box-Muller, see the class comment). */
    public static float normal(long seed, long e) {
        int[] out = new int[4];
        blockFor(seed, e >>> 2, out);
        return boxMuller(out, (int) (e & 3));
    }

    /** The standard normal of lane {@code lane} of a block's output words. */
    public static float boxMuller(int[] words, int lane) {
        int pair = lane >> 1;
        float u1 = ((words[2 * pair] >>> 8) + 1) * TWO_POW_MINUS_24;
        float u2 = (words[2 * pair + 1] >>> 8) * TWO_POW_MINUS_24;
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double t = TWO_PI * u2;
        return (float) ((lane & 1) == 0 ? r * Math.cos(t) : r * Math.sin(t));
    }

    /**
     * Fills {@code dst[offset .. offset+count)} with elements {@code counterOffset .. counterOffset+count)}
     * of the distribution: uniform on [a, b) or normal with mean a and standard deviation b.
     */
    public static void fill(float[] dst, int offset, int count, Distribution distribution, long seed,
                            long counterOffset, float a, float b) {
        int[] words = new int[4];
        long blockInCache = -1;
        boolean cached = false;
        float range = b - a;
        for (int i = 0; i < count; i++) {
            long e = counterOffset + i;
            long q = e >>> 2;
            if (!cached || q != blockInCache) {
                blockFor(seed, q, words);
                blockInCache = q;
                cached = true;
            }
            int lane = (int) (e & 3);
            float value;
            if (distribution == Distribution.UNIFORM) {
                value = a + range * toUniform(words[lane]);
            } else {
                value = a + b * boxMuller(words, lane);
            }
            dst[offset + i] = value;
        }
    }
}
