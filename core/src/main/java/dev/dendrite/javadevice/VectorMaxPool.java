package dev.dendrite.javadevice;

import dev.dendrite.device.Pool2dShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max-pool forward with the Vector API: L outputs at a time (L = 16 floats with AVX-512), each
 * lane a different window, the window's taps visited in scan order with one gather per tap.
 *
 * <p>The idea: a 2x2 window has only four candidates, so per output the scalar code spends its
 * time on bookkeeping (bounds, indices, tie rules) rather than on loads. Lanes make that
 * bookkeeping cost one instruction per L outputs. Outputs are taken L planes at a time, so that a
 * group of L planes holds exactly {@code outH * outW} full vectors and no lane is ever wasted on
 * a plane's ragged end. Two tables, built once per call, give each output of such a group the
 * offset of its window's top-left input (within the group) and its flat index within its plane.
 *
 * <p>Semantics are the scalar path's ({@link Pooling#maxForward}): the first maximum in scan
 * order wins (a later equal value, -0 against +0 included, does not replace it), and the first
 * NaN beats any number. The lanes only compare with "greater than", which never picks a NaN, so
 * a running sum of the window's values (NaN if any input is NaN) flags the rare vectors whose
 * outputs are then redone one by one. Windows that touch padding and planes left over after the
 * groups of L take the scalar path.
 */
final class VectorMaxPool implements MaxPoolForward {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    @Override public void run(Pool2dShape s, float[] in, float[] out, int[] argmax, int fromPlane, int toPlane) {
        int groups = (toPlane - fromPlane) / L;
        if (s.padH() != 0 || s.padW() != 0 || groups == 0 || I.length() != L) {
            Pooling.maxForward(s, in, out, argmax, fromPlane, toPlane);
            return;
        }
        int inW = s.inW(), inPlane = s.inH() * inW, outW = s.outW(), outPlane = s.outH() * outW;
        int groupOutputs = L * outPlane; // a multiple of L
        int[] source = new int[groupOutputs], index = new int[groupOutputs];
        for (int o = 0; o < groupOutputs; o++) {
            int plane = o / outPlane, local = o % outPlane;
            index[o] = (local / outW) * s.strideH() * inW + (local % outW) * s.strideW();
            source[o] = plane * inPlane + index[o];
        }
        int[] taps = new int[s.kH() * s.kW()]; // offsets of the window's inputs from its top-left, in scan order
        for (int t = 0; t < taps.length; t++) taps[t] = (t / s.kW()) * inW + t % s.kW();
        for (int group = 0; group < groups; group++) {
            int plane0 = fromPlane + group * L;
            int inBase = plane0 * inPlane, outBase = plane0 * outPlane;
            for (int o = 0; o < groupOutputs; o += L) {
                FloatVector best = FloatVector.fromArray(F, in, inBase, source, o), nanProbe = best;
                IntVector topLeft = IntVector.fromArray(I, index, o), at = topLeft;
                for (int t = 1; t < taps.length; t++) { // one loop, not two: C2 keeps the vectors in registers
                    int tap = taps[t];
                    FloatVector v = FloatVector.fromArray(F, in, inBase + tap, source, o);
                    // strictly greater keeps the first of equal values
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, take);
                    at = at.blend(topLeft.add(tap), take.cast(I));
                    nanProbe = nanProbe.add(v); // NaN in, NaN out
                }
                best.intoArray(out, outBase + o);
                at.intoArray(argmax, outBase + o);
                if (nanProbe.compare(VectorOperators.NE, nanProbe).anyTrue()) {
                    // a window held NaN (or infinities of both signs): let the scalar rule decide these outputs
                    for (int lane = o; lane < o + L; lane++) {
                        scalarOutput(s, in, inBase + source[lane] - index[lane], index[lane], out, argmax, outBase + lane);
                    }
                }
            }
        }
        Pooling.maxForward(s, in, out, argmax, fromPlane + groups * L, toPlane);
    }

    /** One output by the scalar rule: the first NaN in scan order, else the first maximum. */
    private static void scalarOutput(Pool2dShape s, float[] in, int planeBase, int topLeft, float[] out, int[] argmax, int o) {
        int bestAt = topLeft;
        scan:
        for (int kh = 0; kh < s.kH(); kh++) {
            for (int kw = 0; kw < s.kW(); kw++) {
                int at = topLeft + kh * s.inW() + kw;
                float v = in[planeBase + at];
                if (v != v) {
                    bestAt = at;
                    break scan;
                }
                if (v > in[planeBase + bestAt]) bestAt = at;
            }
        }
        out[o] = in[planeBase + bestAt];
        argmax[o] = bestAt;
    }
}
