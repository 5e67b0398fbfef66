package dev.dendrite.bench.jmh;

import dev.dendrite.bench.peak.PeakKernels;
import dev.dendrite.javadevice.JavaDevice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's ceilings, measured the JMH way, to divide the other benchmarks by. Run with
 * {@code -t max} (one JMH thread per core, their scores summed) so every core is loaded, as the
 * kernels load them:
 * <ul>
 *   <li>{@code fma}: the twelve-chain Vector API FMA loop of the quick suite's peak; secondary
 *       metric {@code gflops} in GFLOP/s;</li>
 *   <li>{@code copy}: each thread copies its own 128 MiB float array with System.arraycopy;
 *       secondary metric {@code gbps} in GB/s, counting bytes read plus bytes written.</li>
 * </ul>
 * <pre>java -jar bench/target/benchmarks.jar PeakBench -t max</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xmx3g"})
public class PeakBench {
    private static final int FLOATS = 32 << 20;

    /** Each JMH thread gets its own arrays, so threads stream from memory side by side. */
    @State(Scope.Thread)
    public static class Arrays {
        float[] src;
        float[] dst;

        @Setup(Level.Trial)
        public void setUp() {
            src = new float[FLOATS];
            dst = new float[FLOATS];
            java.util.Arrays.fill(src, 1f);
            java.util.Arrays.fill(dst, 0f);
        }
    }

    /** Work per call, added up so JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        /** One unit is one GFLOP. */
        public double gflops;
        /** One unit is one GB. */
        public double gbps;
    }

    @Benchmark
    public float fma(Work work) {
        work.gflops += PeakKernels.fmaFlopsPerCall() * 1e-9;
        return PeakKernels.fma();
    }

    @Benchmark
    public float[] copy(Arrays arrays, Work work) {
        System.arraycopy(arrays.src, 0, arrays.dst, 0, FLOATS);
        work.gbps += 2e-9 * Float.BYTES * FLOATS;
        return arrays.dst;
    }
}
