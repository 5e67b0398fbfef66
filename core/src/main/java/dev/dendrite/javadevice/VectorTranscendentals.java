package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.Transcendentals.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Transcendentals}' sigmoid, tanh and GELU(tanh) lane by lane, through {@link VectorExp}:
 * the same float operations in the same order, so that every lane has the scalar function's bits
 * (the accuracy is documented there). Each method is small and is called from one loop of
 * {@link VectorRowKernels}, so that C2 inlines it and VectorExp.exp into the loop: a vector that
 * crosses a call C2 did not inline is boxed on the heap on JDK 17.
 */
final class VectorTranscendentals {
    private VectorTranscendentals() {}

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = VectorExp.exp(x.abs().neg());
        FloatVector r = x.broadcast(1f).div(e.add(1f));
        return r.blend(e.mul(r), x.compare(VectorOperators.LT, 0f));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs(), z = a.mul(a);
        FloatVector p = z.fma(T0, T1).fma(z, x.broadcast(T2)).fma(z, x.broadcast(T3)).fma(z, x.broadcast(T4));
        FloatVector small = a.mul(z).fma(p, a);
        FloatVector e = VectorExp.exp(a.mul(-2f));
        FloatVector t = x.broadcast(1f).sub(e).div(e.add(1f)).blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
        IntVector sign = ((IntVector) x.reinterpretAsInts()).and(SIGN);
        return ((IntVector) t.reinterpretAsInts()).or(sign).reinterpretAsFloats();
    }

    static FloatVector geluTanh(FloatVector x) {
        return x.mul(sigmoid(x.mul(x.mul(x).fma(TWO_KC, TWO_K))));
    }

    static FloatVector geluTanhBackward(FloatVector x, FloatVector g) {
        FloatVector x2 = x.mul(x);
        FloatVector z = x.mul(x2.fma(TWO_KC, TWO_K));
        FloatVector e = VectorExp.exp(z.abs().neg());
        FloatVector r = x.broadcast(1f).div(e.add(1f));
        FloatVector s = r.blend(e.mul(r), z.compare(VectorOperators.LT, 0f));
        FloatVector d = x.mul(x2.fma(SIX_KC, TWO_K)).fma(e.mul(r).mul(r), s);
        return g.mul(d.blend(s, e.compare(VectorOperators.EQ, 0f)));
    }
}
