package dev.dendrite.bench.peak;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tightest floating-point loop Java can express: twelve independent vector fused
 * multiply-adds per iteration, nothing else.
 *
 * <p>Why twelve: an FMA on current x86 cores has a latency of about 4 cycles and two FMA units
 * can start one each per cycle, so at least 4 x 2 = 8 independent chains are needed to keep both
 * units busy; twelve leaves headroom and still fits in the 16 (AVX2) or 32 (AVX-512) vector
 * registers. Each chain computes {@code acc = acc * 0.999 + 0.001}, which converges to 1 and never
 * reaches a denormal, so the speed does not depend on the data.
 *
 * <p>Kept in its own class because it needs the incubator module jdk.incubator.vector: callers
 * check {@link PeakFlops#vectorApiPresent()} before touching it.
 */
final class FmaLoop {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;

    private FmaLoop() {}

    /** Floating-point operations done by one call of {@link #run} with this many iterations. */
    static double flops(long iterations) {
        return 2.0 * CHAINS * SPECIES.length() * iterations;
    }

    /** Runs the loop; the returned sum only exists so the JIT cannot remove the work. */
    static float run(long iterations) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5)
                .add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
