package dev.dendrite.javadevice;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: a tile of C held in vector registers, where L is the number of
 * floats in the machine's preferred vector (16 with AVX-512, 8 with AVX2).
 * Each step of the kc loop loads one row of the B sliver (NR floats, a few vectors), broadcasts MR
 * values of A (a column of the A sliver) and does one fused multiply-add into each accumulator.
 *
 * <p>With 16 lanes the tile is 8 rows by 3L = 48 columns (AVX-512 has 32 vector registers: 24
 * accumulators + 3 B vectors + 1 broadcast fit); otherwise 6 rows by 2L (AVX2 has 16 registers:
 * 12 + 2 + 1). Eight rows rather than twelve (which the registers would also hold, as 12 x 32):
 * batches and channel counts are multiples of 8 (64, 128), and 64 rows are five and a third
 * slivers of 12, so the last sliver did a full sliver's work for 4 rows, through the edge tile.
 * Measured on the CNN's product shapes (one thread, Zen 5): 64 x 1331 x 288 and 64 x 1600 x 128
 * about 15% faster, large square products the same (~50 GFMA/s), and 3 B loads + 8 broadcasts
 * per 24 FMAs is a lighter load mix than 12 x 32's 2 + 12.
 *
 * <p>Only loaded when the jdk.incubator.vector module is present (see {@link MicroKernels}), so
 * the scalar path never touches incubator classes.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = L >= 16 ? 8 : 6;

    @Override public int mr() { return MR; }

    @Override public int nr() { return MR == 8 ? 3 * L : 2 * L; }

    @Override public String description() {
        return "Vector API micro-kernel " + MR + "x" + nr() + ", " + S.vectorBitSize() + "-bit";
    }

    @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        if (MR == 8) run8(kc, a, aOff, b, bOff, c, cOff, ldc, old, oldOff, oldLd);
        else run6(kc, a, aOff, b, bOff, c, cOff, ldc, old, oldOff, oldLd);
    }

    /** C[8 x 3L] = old + A-sliver x B-sliver, row r of the tile in (lo_r, mid_r, hi_r). */
    private static void run8(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        FloatVector lo0 = FloatVector.zero(S), mid0 = FloatVector.zero(S), hi0 = FloatVector.zero(S);
        FloatVector lo1 = FloatVector.zero(S), mid1 = FloatVector.zero(S), hi1 = FloatVector.zero(S);
        FloatVector lo2 = FloatVector.zero(S), mid2 = FloatVector.zero(S), hi2 = FloatVector.zero(S);
        FloatVector lo3 = FloatVector.zero(S), mid3 = FloatVector.zero(S), hi3 = FloatVector.zero(S);
        FloatVector lo4 = FloatVector.zero(S), mid4 = FloatVector.zero(S), hi4 = FloatVector.zero(S);
        FloatVector lo5 = FloatVector.zero(S), mid5 = FloatVector.zero(S), hi5 = FloatVector.zero(S);
        FloatVector lo6 = FloatVector.zero(S), mid6 = FloatVector.zero(S), hi6 = FloatVector.zero(S);
        FloatVector lo7 = FloatVector.zero(S), mid7 = FloatVector.zero(S), hi7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p, bi = bOff + p * 3 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L), b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]); lo0 = x.fma(b0, lo0); mid0 = x.fma(b1, mid0); hi0 = x.fma(b2, hi0);
            x = FloatVector.broadcast(S, a[ai + 1 * A_ROW]); lo1 = x.fma(b0, lo1); mid1 = x.fma(b1, mid1); hi1 = x.fma(b2, hi1);
            x = FloatVector.broadcast(S, a[ai + 2 * A_ROW]); lo2 = x.fma(b0, lo2); mid2 = x.fma(b1, mid2); hi2 = x.fma(b2, hi2);
            x = FloatVector.broadcast(S, a[ai + 3 * A_ROW]); lo3 = x.fma(b0, lo3); mid3 = x.fma(b1, mid3); hi3 = x.fma(b2, hi3);
            x = FloatVector.broadcast(S, a[ai + 4 * A_ROW]); lo4 = x.fma(b0, lo4); mid4 = x.fma(b1, mid4); hi4 = x.fma(b2, hi4);
            x = FloatVector.broadcast(S, a[ai + 5 * A_ROW]); lo5 = x.fma(b0, lo5); mid5 = x.fma(b1, mid5); hi5 = x.fma(b2, hi5);
            x = FloatVector.broadcast(S, a[ai + 6 * A_ROW]); lo6 = x.fma(b0, lo6); mid6 = x.fma(b1, mid6); hi6 = x.fma(b2, hi6);
            x = FloatVector.broadcast(S, a[ai + 7 * A_ROW]); lo7 = x.fma(b0, lo7); mid7 = x.fma(b1, mid7); hi7 = x.fma(b2, hi7);
        }
        // C = old + tile. (Written out: passing vectors to a helper that the JIT does not inline
        // would box them on the heap.) The fresh load of old is the receiver, the accumulator the
        // argument: C2 knows a fresh vector's class without a type profile, an accumulator's only
        // through one (VectorRowKernels' header).
        FloatVector.fromArray(S, old, oldOff).add(lo0).intoArray(c, cOff);
        FloatVector.fromArray(S, old, oldOff + L).add(mid0).intoArray(c, cOff + L);
        FloatVector.fromArray(S, old, oldOff + 2 * L).add(hi0).intoArray(c, cOff + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 1 * oldLd).add(lo1).intoArray(c, cOff + 1 * ldc);
        FloatVector.fromArray(S, old, oldOff + 1 * oldLd + L).add(mid1).intoArray(c, cOff + 1 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 1 * oldLd + 2 * L).add(hi1).intoArray(c, cOff + 1 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 2 * oldLd).add(lo2).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(S, old, oldOff + 2 * oldLd + L).add(mid2).intoArray(c, cOff + 2 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 2 * oldLd + 2 * L).add(hi2).intoArray(c, cOff + 2 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 3 * oldLd).add(lo3).intoArray(c, cOff + 3 * ldc);
        FloatVector.fromArray(S, old, oldOff + 3 * oldLd + L).add(mid3).intoArray(c, cOff + 3 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 3 * oldLd + 2 * L).add(hi3).intoArray(c, cOff + 3 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 4 * oldLd).add(lo4).intoArray(c, cOff + 4 * ldc);
        FloatVector.fromArray(S, old, oldOff + 4 * oldLd + L).add(mid4).intoArray(c, cOff + 4 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 4 * oldLd + 2 * L).add(hi4).intoArray(c, cOff + 4 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 5 * oldLd).add(lo5).intoArray(c, cOff + 5 * ldc);
        FloatVector.fromArray(S, old, oldOff + 5 * oldLd + L).add(mid5).intoArray(c, cOff + 5 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 5 * oldLd + 2 * L).add(hi5).intoArray(c, cOff + 5 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 6 * oldLd).add(lo6).intoArray(c, cOff + 6 * ldc);
        FloatVector.fromArray(S, old, oldOff + 6 * oldLd + L).add(mid6).intoArray(c, cOff + 6 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 6 * oldLd + 2 * L).add(hi6).intoArray(c, cOff + 6 * ldc + 2 * L);
        FloatVector.fromArray(S, old, oldOff + 7 * oldLd).add(lo7).intoArray(c, cOff + 7 * ldc);
        FloatVector.fromArray(S, old, oldOff + 7 * oldLd + L).add(mid7).intoArray(c, cOff + 7 * ldc + L);
        FloatVector.fromArray(S, old, oldOff + 7 * oldLd + 2 * L).add(hi7).intoArray(c, cOff + 7 * ldc + 2 * L);
    }

    /** C[6 x 2L] = old + A-sliver x B-sliver, row r of the tile in (lo_r, hi_r). */
    private static void run6(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        FloatVector lo0 = FloatVector.zero(S), hi0 = FloatVector.zero(S);
        FloatVector lo1 = FloatVector.zero(S), hi1 = FloatVector.zero(S);
        FloatVector lo2 = FloatVector.zero(S), hi2 = FloatVector.zero(S);
        FloatVector lo3 = FloatVector.zero(S), hi3 = FloatVector.zero(S);
        FloatVector lo4 = FloatVector.zero(S), hi4 = FloatVector.zero(S);
        FloatVector lo5 = FloatVector.zero(S), hi5 = FloatVector.zero(S);
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
    }
}
