package dev.dendrite.bench.peak;

/** The peak loops as single calls, for the JMH benchmark that measures the same ceilings. */
public final class PeakKernels {
    /** Long enough (about a millisecond) that the call overhead is noise. */
    public static final long FMA_ITERATIONS = 1_000_000;

    private PeakKernels() {}

    public static float fma() {
        return FmaLoop.run(FMA_ITERATIONS);
    }

    /** Floating-point operations done by one {@link #fma()} call on this machine's vector width. */
    public static double fmaFlopsPerCall() {
        return FmaLoop.flops(FMA_ITERATIONS);
    }
}
