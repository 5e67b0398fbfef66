package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * select/slice/narrow add their gradient into a region of the input's gradient in place
 * (RegionGrad). These graphs mix region consumers with ordinary ones, on leaves and on
 * intermediates, including a gradient a rule hands to two inputs at once (add(h, h)), which the
 * engine must copy before adding into it.
 */
class RegionGradTest {

    @Test
    void regionsOfALeafSumIntoItsGrad() {
        GradCheck.defaults().check("select, slice and a plain use of one leaf", in -> {
            Tensor x = in[0];
            Tensor a = x.select(0, 1).mul(2f);
            Tensor b = x.select(0, 1);                       // the same region twice
            Tensor c = x.slice(1, 1, 4, 2).square();        // strided slice
            Tensor d = x.mul(3f);                            // a consumer that is not a region
            return a.add(b).sum().add(c.sum()).add(d.sum()).add(x.narrow(0, 2, 1).tanh().sum());
        }, Tensor.randn(1, 3, 5));
    }

    @Test
    void regionsOfAnIntermediateAndOfAGradientSharedByTwoInputs() {
        GradCheck.defaults().check("regions of h + h", in -> {
            Tensor h = in[0].mul(1.5f);
            Tensor p = h.add(h);                             // add's rule returns one gradient for both inputs
            Tensor s0 = p.select(0, 0).mul(2f);
            Tensor s1 = p.select(0, 2).square();
            Tensor q = p.narrow(1, 1, 2).sum();
            return s0.sum().add(s1.sum()).add(q).add(h.select(1, 0).sum());
        }, Tensor.randn(2, 4, 3));
    }

    @Test
    void aRegionNeverAddsIntoAGradientAnotherInputShares() {
        // add(p, k) hands one gradient tensor to both p and k; a region of p must not write into it.
        Tensor w = Tensor.randn(9, 3, 4);
        for (boolean regionFirst : new boolean[] {true, false}) {
            GradCheck.defaults().check("region of p beside add(p, k), region first " + regionFirst, in -> {
                Tensor p = in[0].mul(1.5f);
                Tensor k = in[1].mul(0.5f);
                Tensor shared = p.add(k).mul(w).sum();
                Tensor region = p.select(0, 1).mul(k.select(0, 2)).sum();
                return regionFirst ? region.add(shared) : shared.add(region);
            }, Tensor.randn(2, 3, 4), Tensor.randn(3, 3, 4));
        }
    }

    @Test
    void manyTimeStepsOfOneTensorGiveTheSameGradAsTheFullSizeRule() {
        // The recurrent-layer pattern: every step of a [batch, T, features] tensor selected once.
        Tensor x = Tensor.randn(3, 2, 40, 6).requiresGrad(true);
        Tensor viaRegions;
        try (Scope scope = Scope.open()) {
            Tensor acc = null;
            for (int t = 0; t < 40; t++) {
                Tensor step = x.select(1, t).mul((float) (t + 1));
                acc = acc == null ? step : acc.add(step);
            }
            acc.square().sum().backward();
            viaRegions = x.grad().detach().clone();
            scope.keep(viaRegions);
        }
        float[] got = viaRegions.toFloatArray();
        float[] xs = x.toFloatArray();
        // d/dx[b,t,f] of sum_f,b (sum_t (t+1) x[b,t,f])^2 = 2 (t+1) * sum_t' (t'+1) x[b,t',f]
        for (int b = 0; b < 2; b++) {
            for (int f = 0; f < 6; f++) {
                double s = 0;
                for (int t = 0; t < 40; t++) s += (t + 1) * xs[(b * 40 + t) * 6 + f];
                for (int t = 0; t < 40; t++) {
                    double want = 2 * (t + 1) * s;
                    assertEquals(want, got[(b * 40 + t) * 6 + f], 1e-3 * Math.max(1, Math.abs(want)), "b " + b + " t " + t + " f " + f);
                }
            }
        }
    }
}
