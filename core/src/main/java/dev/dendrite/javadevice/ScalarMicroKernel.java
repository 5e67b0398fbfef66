package dev.dendrite.javadevice;

/**
 * The portable micro-kernel: a 4x4 tile of C held in 16 local variables, so the JIT keeps them in
 * registers; each step of the kc loop loads 4 values of A and 4 of B and does 16 multiply-adds.
 * Used when the Vector API is absent (or switched off to compare against).
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4, NR = 4;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override public String description() { return "scalar micro-kernel " + MR + "x" + NR; }

    @Override public void run(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float[] old, int oldOff, int oldLd) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ap = aOff + p, bp = bOff + p * NR;
            float a0 = a[ap], a1 = a[ap + A_ROW], a2 = a[ap + 2 * A_ROW], a3 = a[ap + 3 * A_ROW];
            float b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r0 = cOff, r1 = cOff + ldc, r2 = cOff + 2 * ldc, r3 = cOff + 3 * ldc;
        int o0 = oldOff, o1 = oldOff + oldLd, o2 = oldOff + 2 * oldLd, o3 = oldOff + 3 * oldLd;
        c[r0] = old[o0] + c00; c[r0 + 1] = old[o0 + 1] + c01; c[r0 + 2] = old[o0 + 2] + c02; c[r0 + 3] = old[o0 + 3] + c03;
        c[r1] = old[o1] + c10; c[r1 + 1] = old[o1 + 1] + c11; c[r1 + 2] = old[o1 + 2] + c12; c[r1 + 3] = old[o1 + 3] + c13;
        c[r2] = old[o2] + c20; c[r2 + 1] = old[o2 + 1] + c21; c[r2 + 2] = old[o2 + 2] + c22; c[r2 + 3] = old[o2 + 3] + c23;
        c[r3] = old[o3] + c30; c[r3 + 1] = old[o3 + 1] + c31; c[r3 + 2] = old[o3 + 2] + c32; c[r3 + 3] = old[o3 + 3] + c33;
    }
}
