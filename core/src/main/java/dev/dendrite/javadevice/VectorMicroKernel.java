package dev.dendrite.javadevice;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: a tile of C of MR rows by 2L columns held in 2*MR vector registers
 * (lo_r and hi_r for row r), where L is the number of floats in the machine's preferred vector
 * (16 with AVX-512, 8 with AVX2).
 * Each step of the kc loop loads two vectors of B (a row of the B sliver), broadcasts MR values of A
 * (a column of the A sliver) and does 2*MR fused multiply-adds, one into each accumulator.
 *
 * <p>MR is 12 when vectors have 16 lanes (AVX-512 has 32 vector registers: 24 accumulators + 2 B
 * vectors + 1 broadcast fit) and 6 otherwise (AVX2 has 16 registers: 12 + 2 + 1). More rows mean
 * more FMAs per loaded B vector, which is what lets the B sliver stream from L2 at full speed.
 *
 * <p>Only loaded when the jdk.incubator.vector module is present (see {@link MicroKernels}), so
 * the scalar path never touches incubator classes.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = L >= 16 ? 12 : 6;

    @Override public int mr() { return MR; }

    @Override public int nr() { return 2 * L; }

    @Override public String description() {
        return "Vector API micro-kernel " + MR + "x" + (2 * L) + ", " + S.vectorBitSize() + "-bit";
    }

    @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        if (MR == 12) run12(kc, a, aOff, b, bOff, c, cOff, ldc);
        else run6(kc, a, aOff, b, bOff, c, cOff, ldc);
    }

    /** C[12 x 2L] += A-sliver x B-sliver, row r of the tile in (lo_r, hi_r). */
    private static void run12(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
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
            int ai = aOff + p * 12, bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]); lo0 = x.fma(b0, lo0); hi0 = x.fma(b1, hi0);
            x = FloatVector.broadcast(S, a[ai + 1]); lo1 = x.fma(b0, lo1); hi1 = x.fma(b1, hi1);
            x = FloatVector.broadcast(S, a[ai + 2]); lo2 = x.fma(b0, lo2); hi2 = x.fma(b1, hi2);
            x = FloatVector.broadcast(S, a[ai + 3]); lo3 = x.fma(b0, lo3); hi3 = x.fma(b1, hi3);
            x = FloatVector.broadcast(S, a[ai + 4]); lo4 = x.fma(b0, lo4); hi4 = x.fma(b1, hi4);
            x = FloatVector.broadcast(S, a[ai + 5]); lo5 = x.fma(b0, lo5); hi5 = x.fma(b1, hi5);
            x = FloatVector.broadcast(S, a[ai + 6]); lo6 = x.fma(b0, lo6); hi6 = x.fma(b1, hi6);
            x = FloatVector.broadcast(S, a[ai + 7]); lo7 = x.fma(b0, lo7); hi7 = x.fma(b1, hi7);
            x = FloatVector.broadcast(S, a[ai + 8]); lo8 = x.fma(b0, lo8); hi8 = x.fma(b1, hi8);
            x = FloatVector.broadcast(S, a[ai + 9]); lo9 = x.fma(b0, lo9); hi9 = x.fma(b1, hi9);
            x = FloatVector.broadcast(S, a[ai + 10]); lo10 = x.fma(b0, lo10); hi10 = x.fma(b1, hi10);
            x = FloatVector.broadcast(S, a[ai + 11]); lo11 = x.fma(b0, lo11); hi11 = x.fma(b1, hi11);
        }
        // Add the tile to C. (Written out: passing vectors to a helper that the JIT does not inline
        // would box them on the heap.)
        lo0.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
        hi0.add(FloatVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
        lo1.add(FloatVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
        hi1.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
        lo2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
        hi2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
        lo3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
        hi3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
        lo4.add(FloatVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
        hi4.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
        lo5.add(FloatVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
        hi5.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
        lo6.add(FloatVector.fromArray(S, c, cOff + 6 * ldc)).intoArray(c, cOff + 6 * ldc);
        hi6.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + L)).intoArray(c, cOff + 6 * ldc + L);
        lo7.add(FloatVector.fromArray(S, c, cOff + 7 * ldc)).intoArray(c, cOff + 7 * ldc);
        hi7.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + L)).intoArray(c, cOff + 7 * ldc + L);
        lo8.add(FloatVector.fromArray(S, c, cOff + 8 * ldc)).intoArray(c, cOff + 8 * ldc);
        hi8.add(FloatVector.fromArray(S, c, cOff + 8 * ldc + L)).intoArray(c, cOff + 8 * ldc + L);
        lo9.add(FloatVector.fromArray(S, c, cOff + 9 * ldc)).intoArray(c, cOff + 9 * ldc);
        hi9.add(FloatVector.fromArray(S, c, cOff + 9 * ldc + L)).intoArray(c, cOff + 9 * ldc + L);
        lo10.add(FloatVector.fromArray(S, c, cOff + 10 * ldc)).intoArray(c, cOff + 10 * ldc);
        hi10.add(FloatVector.fromArray(S, c, cOff + 10 * ldc + L)).intoArray(c, cOff + 10 * ldc + L);
        lo11.add(FloatVector.fromArray(S, c, cOff + 11 * ldc)).intoArray(c, cOff + 11 * ldc);
        hi11.add(FloatVector.fromArray(S, c, cOff + 11 * ldc + L)).intoArray(c, cOff + 11 * ldc + L);
    }

    /** C[6 x 2L] += A-sliver x B-sliver, row r of the tile in (lo_r, hi_r). */
    private static void run6(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector lo0 = FloatVector.zero(S), hi0 = FloatVector.zero(S);
        FloatVector lo1 = FloatVector.zero(S), hi1 = FloatVector.zero(S);
        FloatVector lo2 = FloatVector.zero(S), hi2 = FloatVector.zero(S);
        FloatVector lo3 = FloatVector.zero(S), hi3 = FloatVector.zero(S);
        FloatVector lo4 = FloatVector.zero(S), hi4 = FloatVector.zero(S);
        FloatVector lo5 = FloatVector.zero(S), hi5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 6, bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai]); lo0 = x.fma(b0, lo0); hi0 = x.fma(b1, hi0);
            x = FloatVector.broadcast(S, a[ai + 1]); lo1 = x.fma(b0, lo1); hi1 = x.fma(b1, hi1);
            x = FloatVector.broadcast(S, a[ai + 2]); lo2 = x.fma(b0, lo2); hi2 = x.fma(b1, hi2);
            x = FloatVector.broadcast(S, a[ai + 3]); lo3 = x.fma(b0, lo3); hi3 = x.fma(b1, hi3);
            x = FloatVector.broadcast(S, a[ai + 4]); lo4 = x.fma(b0, lo4); hi4 = x.fma(b1, hi4);
            x = FloatVector.broadcast(S, a[ai + 5]); lo5 = x.fma(b0, lo5); hi5 = x.fma(b1, hi5);
        }
        // Add the tile to C. (Written out: passing vectors to a helper that the JIT does not inline
        // would box them on the heap.)
        lo0.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
        hi0.add(FloatVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
        lo1.add(FloatVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
        hi1.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
        lo2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
        hi2.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
        lo3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
        hi3.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
        lo4.add(FloatVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
        hi4.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
        lo5.add(FloatVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
        hi5.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
    }
}
