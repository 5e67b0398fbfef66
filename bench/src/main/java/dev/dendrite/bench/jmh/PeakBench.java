package dev.dendrite.bench.jmh;

import dev.dendrite.bench.peak.PeakKernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's ceilings, measured the JMH way, to divide the other benchmarks by. Run with
 * {@code -t max} (one JMH thread per core) so that every core is loaded, as the kernels load them:
 * <ul>
 *   <li>{@code fma}: one call is {@link PeakKernels#FMA_ITERATIONS} iterations of the twelve-chain
 *       vector FMA loop; GFLOP/s (all threads) = threads * {@link PeakKernels#fmaFlopsPerCall()}
 *       / (us/op * 1e3), where flops per call = 2 * 12 chains * vector lanes * 1e6 iterations
 *       (384e6 with AVX-512's 16 lanes, 192e6 with AVX2's 8).</li>
 *   <li>{@code copy}: each thread copies its own 128 MiB array; GB/s (all threads) = threads *
 *       268435456 bytes (read + write) / (ms/op * 1e6).</li>
 * </ul>
 * <pre>java -jar bench/target/benchmarks.jar PeakBench -t max</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class PeakBench {

    /** Each JMH thread gets its own arrays, so threads stream from memory side by side. */
    @State(Scope.Thread)
    public static class Arrays {
        float[] src;
        float[] dst;

        @Setup(Level.Trial)
        public void setUp() {
            src = new float[32 << 20];
            dst = new float[32 << 20];
            java.util.Arrays.fill(src, 1f);
            java.util.Arrays.fill(dst, 0f);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float fma() {
        return PeakKernels.fma();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] copy(Arrays arrays) {
        System.arraycopy(arrays.src, 0, arrays.dst, 0, arrays.src.length);
        return arrays.dst;
    }
}
