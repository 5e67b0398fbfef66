package dev.dendrite.javadevice;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The second AVX-512 micro-kernel: a tile of 12 rows by 2L = 32 columns (24 accumulators, 2 B
 * vectors, 1 broadcast), beside {@link VectorMicroKernel}'s 8 x 48. Neither tile fits every product:
 * a product is cut into whole tiles, and the padding of the last row and column of tiles is work
 * done for nothing. 8 x 48 fits batches and channel counts (64, 128 rows); 12 x 32 fits widths that
 * are multiples of 32 but not 48 (a GPT's 128 and 512 columns, an attention head's 32 or 64 keys):
 * [2048 x 128] products ran about 12% slower on 8 x 48. {@link Gemm} takes, for each product,
 * the kernel that pads less.
 *
 * <p>Only for 16-lane vectors (AVX-512): {@link MicroKernels#vectorAlternate()} does not load it otherwise.
 */
final class VectorMicroKernel12 implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** True when this kernel fits the machine's registers (16-lane vectors, 32 registers). */
    static boolean fits() { return L >= 16; }

    @Override public int mr() { return 12; }

    @Override public int nr() { return 2 * L; }

    @Override public String description() {
        return "Vector API micro-kernel 12x" + nr() + ", " + S.vectorBitSize() + "-bit";
    }

    @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        run12(kc, a, aOff, b, bOff, c, cOff, ldc, old, oldOff, oldLd);
    }

    /** C[12 x 2L] = old + A-sliver x B-sliver, row r of the tile in (lo_r, hi_r). */
    private static void run12(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        FloatVector lo0 = FloatVector.zero(S), hi0 = FloatVector.zero(S);
        FloatVector lo1 = FloatVector.zero(S), hi1 = FloatVector.zero(S);
        FloatVector lo2 = FloatVector.zero(S), hi2 = FloatVector.zero(S);
        FloatVector lo3 = FloatVector.zero(S), hi3 = FloatVector.zero(S);
        FloatVector lo4 = FloatVector.zero(S), hi4 = FloatVector.zero(S);
        FloatVector lo5 = FloatVector.zero(S), hi5 = FloatVector.zero(S);
        FloatVector lo6 = FloatVector.zero(S), hi6 = FloatVector.zero(S);
        FloatVector lo7 = FloatVector.zero(S), hi7 = FloatVector.zero(S);
        FloatVector lo8 = FloatVector.zero(S), hi8 = FloatVector.zero(S);
        FloatVector lo9 = FloatVector.zero(S), hi9 = FloatVector.zero(S);
        FloatVector lo10 = FloatVector.zero(S), hi10 = FloatVector.zero(S);
        FloatVector lo11 = FloatVector.zero(S), hi11 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p, bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]); lo0 = x.fma(b0, lo0); hi0 = x.fma(b1, hi0);
            x = FloatVector.broadcast(S, a[ai + 1 * A_ROW]); lo1 = x.fma(b0, lo1); hi1 = x.fma(b1, hi1);
            x = FloatVector.broadcast(S, a[ai + 2 * A_ROW]); lo2 = x.fma(b0, lo2); hi2 = x.fma(b1, hi2);
            x = FloatVector.broadcast(S, a[ai + 3 * A_ROW]); lo3 = x.fma(b0, lo3); hi3 = x.fma(b1, hi3);
            x = FloatVector.broadcast(S, a[ai + 4 * A_ROW]); lo4 = x.fma(b0, lo4); hi4 = x.fma(b1, hi4);
            x = FloatVector.broadcast(S, a[ai + 5 * A_ROW]); lo5 = x.fma(b0, lo5); hi5 = x.fma(b1, hi5);
            x = FloatVector.broadcast(S, a[ai + 6 * A_ROW]); lo6 = x.fma(b0, lo6); hi6 = x.fma(b1, hi6);
            x = FloatVector.broadcast(S, a[ai + 7 * A_ROW]); lo7 = x.fma(b0, lo7); hi7 = x.fma(b1, hi7);
            x = FloatVector.broadcast(S, a[ai + 8 * A_ROW]); lo8 = x.fma(b0, lo8); hi8 = x.fma(b1, hi8);
            x = FloatVector.broadcast(S, a[ai + 9 * A_ROW]); lo9 = x.fma(b0, lo9); hi9 = x.fma(b1, hi9);
            x = FloatVector.broadcast(S, a[ai + 10 * A_ROW]); lo10 = x.fma(b0, lo10); hi10 = x.fma(b1, hi10);
            x = FloatVector.broadcast(S, a[ai + 11 * A_ROW]); lo11 = x.fma(b0, lo11); hi11 = x.fma(b1, hi11);
        }
        // C = old + tile. (Written out: passing vectors to a helper that the JIT does not inline
        // would box them on the heap.) The fresh load of old is the receiver, the accumulator the
        // argument: C2 knows a fresh vector's class without a type profile, an accumulator's only
        // through one (VectorRowKernels' header).
        FloatVector.fromArray(S, old, oldOff).add(lo0).intoArray(c, cOff);
        FloatVector.fromArray(S, old, oldOff + L).add(hi0).intoArray(c, cOff + L);
        FloatVector.fromArray(S, old, oldOff + 1 * oldLd).add(lo1).intoArray(c, cOff + 1 * ldc);
        FloatVector.fromArray(S, old, oldOff + 1 * oldLd + L).add(hi1).intoArray(c, cOff + 1 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 2 * oldLd).add(lo2).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(S, old, oldOff + 2 * oldLd + L).add(hi2).intoArray(c, cOff + 2 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 3 * oldLd).add(lo3).intoArray(c, cOff + 3 * ldc);
        FloatVector.fromArray(S, old, oldOff + 3 * oldLd + L).add(hi3).intoArray(c, cOff + 3 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 4 * oldLd).add(lo4).intoArray(c, cOff + 4 * ldc);
        FloatVector.fromArray(S, old, oldOff + 4 * oldLd + L).add(hi4).intoArray(c, cOff + 4 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 5 * oldLd).add(lo5).intoArray(c, cOff + 5 * ldc);
        FloatVector.fromArray(S, old, oldOff + 5 * oldLd + L).add(hi5).intoArray(c, cOff + 5 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 6 * oldLd).add(lo6).intoArray(c, cOff + 6 * ldc);
        FloatVector.fromArray(S, old, oldOff + 6 * oldLd + L).add(hi6).intoArray(c, cOff + 6 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 7 * oldLd).add(lo7).intoArray(c, cOff + 7 * ldc);
        FloatVector.fromArray(S, old, oldOff + 7 * oldLd + L).add(hi7).intoArray(c, cOff + 7 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 8 * oldLd).add(lo8).intoArray(c, cOff + 8 * ldc);
        FloatVector.fromArray(S, old, oldOff + 8 * oldLd + L).add(hi8).intoArray(c, cOff + 8 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 9 * oldLd).add(lo9).intoArray(c, cOff + 9 * ldc);
        FloatVector.fromArray(S, old, oldOff + 9 * oldLd + L).add(hi9).intoArray(c, cOff + 9 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 10 * oldLd).add(lo10).intoArray(c, cOff + 10 * ldc);
        FloatVector.fromArray(S, old, oldOff + 10 * oldLd + L).add(hi10).intoArray(c, cOff + 10 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 11 * oldLd).add(lo11).intoArray(c, cOff + 11 * ldc);
        FloatVector.fromArray(S, old, oldOff + 11 * oldLd + L).add(hi11).intoArray(c, cOff + 11 * ldc + L);
    }
}
