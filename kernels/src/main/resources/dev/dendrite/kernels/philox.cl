/*
 * philox.cl: random numbers from Philox4x32-10, with exactly the mapping of the java device
 * (dev.dendrite.device.Philox, whose javadoc is the specification):
 *   key (k0, k1) = (low, high) 32 bits of the seed;
 *   element i of a fill is number e = counterOffset + i; it is lane e & 3 of the block with
 *   counter (c0, c1, c2, c3) = (low, high 32 bits of q = e >> 2, 0, 0).
 * Uniform on [a, b): a + (b - a) * u with u = (word >> 8) * 2^-24, rounded after the product
 * (no fused multiply-add), so it is bit-exact with Java. Normal: Box-Muller on the word pairs
 * (0, 1) and (2, 3) of the block, in float, within ~1e-5 * |b| of Java's double computation.
 *
 * Run: ./dendrite kernel random --variant uniform     (--variant normal: Box-Muller)
 *
 * Geometry: 1-D, one work-item per block of 4 numbers, local 256,
 * global = blocks = ((counterOffset & 3) + count + 3) / 4, rounded up to 256.
 *
 * The idea: a counter-based generator has no state to share. Number e is a pure function of
 * (seed, e), so every work-item computes its block independently, the result does not depend on
 * how the work is split, and the same seed gives the same dropout mask on every device. One
 * Philox block yields 4 numbers, so each work-item writes the (up to) 4 elements of its block.
 *
 * CUDA: uses the types uint and ulong (the prelude typedefs them) and MUL_RN, a multiply rounded
 * to float that the compiler may not fuse with the following add (CUDA: __fmul_rn).
 */
#ifndef MUL_RN
#pragma OPENCL FP_CONTRACT OFF
#define MUL_RN(x, y) ((x) * (y))
#endif

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define TWO_POW_MINUS_24 5.9604644775390625e-8f   /* 2^-24 */

__kernel void random_fill(int blocks, int count, int normal, ulong seed, ulong counterOffset, float a, float b,
                          __global float* dst, int dstOffset) {
    if ((int) get_global_id(0) >= blocks) return;
    /* the block this work-item owns (block numbers wrap like Java's e >>> 2 of a wrapped long) */
    ulong q = ((counterOffset >> 2) + (ulong) get_global_id(0)) & 0x3FFFFFFFFFFFFFFFUL;
    /* element i of the fill is number counterOffset + i, so this block starts at i0 (mod 2^64) */
    ulong i0 = (q << 2) - counterOffset;

    uint c0 = (uint) q, c1 = (uint) (q >> 32), c2 = 0, c3 = 0;
    uint k0 = (uint) seed, k1 = (uint) (seed >> 32);
    for (int round = 0; round < 10; round++) {
        if (round > 0) { k0 += PHILOX_W0; k1 += PHILOX_W1; }
        ulong p0 = (ulong) PHILOX_M0 * c0;            /* full 64-bit products: mulhilo */
        ulong p1 = (ulong) PHILOX_M1 * c2;
        uint n0 = ((uint) (p1 >> 32)) ^ c1 ^ k0;
        uint n1 = (uint) p1;
        uint n2 = ((uint) (p0 >> 32)) ^ c3 ^ k1;
        uint n3 = (uint) p0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    }
    uint word[4];
    word[0] = c0; word[1] = c1; word[2] = c2; word[3] = c3;

    float z[4];
    if (normal) {
        for (int pair = 0; pair < 2; pair++) {
            float u1 = (float) ((word[2 * pair] >> 8) + 1) * TWO_POW_MINUS_24;    /* (0, 1]: log never sees 0 */
            float u2 = (float) (word[2 * pair + 1] >> 8) * TWO_POW_MINUS_24;      /* [0, 1) */
            float r = sqrt(-2.0f * log(u1));
            float t = 6.28318530717958648f * u2;
            z[2 * pair] = a + b * (r * cos(t));
            z[2 * pair + 1] = a + b * (r * sin(t));
        }
    } else {
        float range = b - a;
        for (int l = 0; l < 4; l++) z[l] = a + MUL_RN(range, (float) (word[l] >> 8) * TWO_POW_MINUS_24);
    }

    for (int l = 0; l < 4; l++) {
        ulong i = i0 + (ulong) l;                      /* wraps below 0 for lanes before the fill */
        if (i < (ulong) count) dst[dstOffset + (int) i] = z[l];
    }
}
