package dev.dendrite.javadevice;

import dev.dendrite.device.Pool2dShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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

    /** Planes per check for NaN in {@link #windowPairs}. */
    private static final int BLOCK = 16;
    /**
     * x.rearrange(EVEN) is x0 x2 .. x14 x0 x2 .. x14 (and ODD the odd lanes): blending the upper
     * half of y's into x's gives the even lanes of the pair (x, y). (The two-vector rearrange of JDK
     * 17 boxes its vectors: 3.4 MB a call.)
     */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> 2 * i % L), ODD = VectorShuffle.fromOp(F, i -> (2 * i + 1) % L);

    @Override public void run(Pool2dShape s, float[] in, float[] out, int[] argmax, int fromPlane, int toPlane) {
        if (s.kH() == 2 && s.kW() == 2 && s.strideH() == 2 && s.strideW() == 2 && s.padH() == 0 && s.padW() == 0
                && 2 * s.outW() >= L && I.length() == L) {
            // the vector loads of a plane's last row read up to 2L floats past it: the last plane or two
            // of the tensor go to the scalar loop
            int inPlane = s.inH() * s.inW();
            int end = Math.max(fromPlane, Math.min(toPlane, (in.length - 2 * L) / inPlane - 1));
            windowPairs(s, in, out, argmax, fromPlane, end);
            Pooling.maxForward(s, in, out, argmax, end, toPlane);
            return;
        }
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
                sum = best.add(sum);
                for (int t = 1; t < taps.length; t++) { // one loop, not two: C2 keeps the vectors in registers
                    int tap = taps[t];
                    FloatVector v = FloatVector.fromArray(F, in, inBase + tap, source, o);
                    // not greater keeps the earlier value, so the first of equal values wins (a NaN is
                    // caught by the sum). The new vectors are the receivers: VectorRowKernels' header.
                    VectorMask<Float> keep = v.compare(VectorOperators.LE, best);
                    best = v.blend(best, keep);
                    at = topLeft.add(tap).blend(at, keep.cast(I));
                    sum = v.add(sum);
                }
                FloatVector.broadcast(F, Float.NEGATIVE_INFINITY).max(best).intoArray(out, outBase + o);
                IntVector.zero(I).add(at).intoArray(argmax, outBase + o);
            }
            float total = FloatVector.zero(F).add(sum).reduceLanes(VectorOperators.ADD);
            if (total - total != 0f) {
                // NaN somewhere (or infinities, or a sum that overflowed): "greater than" never
                // picks a NaN, so these planes are redone by the scalar rule
                Pooling.maxForward(s, in, out, argmax, plane0, plane0 + L);
            }
        }
        Pooling.maxForward(s, in, out, argmax, fromPlane + groups * L, toPlane);
    }

    /**
     * The common 2x2 window with stride 2, without gathers (each gather of 16 lanes cost about 30
     * cycles here, 80% of the time of the loop above): L outputs of one output row at a time, from
     * two vectors of its upper input row and two of its lower one, split into the windows' left
     * and right taps by even and odd lanes. The first maximum in scan order (upper left, upper
     * right, lower left, lower right) is the upper pair's first maximum unless the lower pair's is
     * strictly greater, so three "greater than" comparisons keep the scalar rule; NaN is caught by a
     * running sum as above, per block of planes. A row narrower than L writes its last vector past
     * its end, into outputs that this call writes later (or through a spare array at the end).
     * Needs 2 * outW >= L and in[] at least 2L floats past the last plane.
     */
    private static void windowPairs(Pool2dShape s, float[] in, float[] out, int[] argmax, int fromPlane, int toPlane) {
        int inW = s.inW(), inPlane = s.inH() * inW, outW = s.outW(), outH = s.outH(), outPlane = outH * outW;
        int chunks = (outW + L - 1) / L, limit = toPlane * outPlane;
        float[] spare = new float[L];
        int[] spareAt = new int[L];
        for (int block = fromPlane; block < toPlane; block += BLOCK) {
            int blockEnd = Math.min(toPlane, block + BLOCK), items = (blockEnd - block) * outH * chunks;
            FloatVector sum = FloatVector.zero(F); // of every value read: NaN if any was
            for (int item = 0, plane = block, oh = 0, chunk = 0; item < items; item++) { // one flat loop: no boxing
                int ow0 = chunk * L, corner = 2 * oh * inW + 2 * ow0, upper = plane * inPlane + corner, lower = upper + inW;
                FloatVector u0 = FloatVector.fromArray(F, in, upper), u1 = FloatVector.fromArray(F, in, upper + L);
                FloatVector l0 = FloatVector.fromArray(F, in, lower), l1 = FloatVector.fromArray(F, in, lower + L);
                sum = u0.add(u1).add(l0).add(l1).add(sum);
                VectorMask<Float> high = FloatVector.zero(F).addIndex(1).compare(VectorOperators.GE, L / 2);
                FloatVector a = u0.rearrange(EVEN).blend(u1.rearrange(EVEN), high), b = u0.rearrange(ODD).blend(u1.rearrange(ODD), high);
                FloatVector c = l0.rearrange(EVEN).blend(l1.rearrange(EVEN), high), d = l0.rearrange(ODD).blend(l1.rearrange(ODD), high);
                VectorMask<Float> right = b.compare(VectorOperators.GT, a), lowerRight = d.compare(VectorOperators.GT, c);
                FloatVector top = a.blend(b, right), bottom = c.blend(d, lowerRight);
                VectorMask<Float> down = bottom.compare(VectorOperators.GT, top);
                FloatVector best = top.blend(bottom, down);
                IntVector at = IntVector.zero(I).addIndex(2).add(corner); // each window's upper left
                IntVector topAt = at.blend(at.add(1), right.cast(I)), bottomAt = at.add(inW).blend(at.add(inW + 1), lowerRight.cast(I));
                IntVector index = topAt.blend(bottomAt, down.cast(I));
                int o = plane * outPlane + oh * outW + ow0;
                if (o + L <= limit) {
                    best.intoArray(out, o);
                    index.intoArray(argmax, o);
                } else {
                    best.intoArray(spare, 0);
                    index.intoArray(spareAt, 0);
                    System.arraycopy(spare, 0, out, o, Math.min(L, outW - ow0));
                    System.arraycopy(spareAt, 0, argmax, o, Math.min(L, outW - ow0));
                }
                if (++chunk == chunks) {
                    chunk = 0;
                    if (++oh == outH) {
                        oh = 0;
                        plane++;
                    }
                }
            }
            float total = FloatVector.zero(F).add(sum).reduceLanes(VectorOperators.ADD);
            if (total - total != 0f) Pooling.maxForward(s, in, out, argmax, block, blockEnd); // NaN somewhere (or overflow): the scalar rule
        }
    }
}
