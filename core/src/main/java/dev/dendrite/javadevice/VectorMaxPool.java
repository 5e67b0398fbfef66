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
 * a running sum of every value read (NaN if any input is NaN) flags the rare groups of planes
 * that are then redone by the scalar path. Windows that touch padding and planes left over after
 * the groups of L take the scalar path too.
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
            FloatVector sum = FloatVector.zero(F); // of every value read: NaN if any was
            for (int o = 0; o < groupOutputs; o += L) {
                FloatVector best = FloatVector.fromArray(F, in, inBase, source, o);
                IntVector topLeft = IntVector.fromArray(I, index, o), at = topLeft;
                sum = sum.add(best);
                for (int t = 1; t < taps.length; t++) { // one loop, not two: C2 keeps the vectors in registers
                    int tap = taps[t];
                    FloatVector v = FloatVector.fromArray(F, in, inBase + tap, source, o);
                    // strictly greater keeps the first of equal values
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, take);
                    at = at.blend(topLeft.add(tap), take.cast(I));
                    sum = sum.add(v);
                }
                best.intoArray(out, outBase + o);
                at.intoArray(argmax, outBase + o);
            }
            float total = sum.reduceLanes(VectorOperators.ADD);
            if (total - total != 0f) {
                // NaN somewhere (or infinities, or a sum that overflowed): "greater than" never
                // picks a NaN, so these planes are redone by the scalar rule
                Pooling.maxForward(s, in, out, argmax, plane0, plane0 + L);
            }
        }
        Pooling.maxForward(s, in, out, argmax, fromPlane + groups * L, toPlane);
    }
}
