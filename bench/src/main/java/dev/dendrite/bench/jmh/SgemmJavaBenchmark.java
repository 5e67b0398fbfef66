package dev.dendrite.bench.jmh;

import dev.dendrite.bench.compare.SgemmRate;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM, {@code C = A x B} with n x n float32 matrices, on the java device.
 *
 * <p>The primary score is products per second; the {@code gflops} secondary metric reads as
 * GFLOP/s directly (it counts 2 n^3 / 1e9 per product). {@code kernel=vector} is the Vector API micro-kernel
 * on all processors (the default device), {@code kernel=scalar} the portable one.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar SgemmJavaBenchmark -p kernel=vector
 * </pre>
 *
 * <p>On a shared machine, check that nothing else is busy while it runs: Linux gives each session
 * (autogroup) a fair share of the CPUs, so one other busy process on a 2-CPU machine leaves this
 * benchmark a single core and halves the figure whatever the size (2048 ran last and looked slow
 * for that reason alone). {@code gflops} divided by the CPU seconds used tells the two cases apart:
 * about 120 GFLOP/s per AVX-512 core at both 1024 and 2048.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SgemmJavaBenchmark {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"vector"})
    public String kernel;

    private JavaDevice device;
    private DeviceBuffer a, b, c;
    private MatmulShape shape;

    @Setup(Level.Trial)
    public void setUp() {
        boolean vector = kernel.equals("vector");
        device = new JavaDevice(new JavaDevice.Options(vector, Runtime.getRuntime().availableProcessors()));
        shape = MatmulShape.of(n, n, n);
        a = SgemmRate.randomMatrix(device, n, 1);
        b = SgemmRate.randomMatrix(device, n, 2);
        c = device.allocate(DType.F32, n * n);
    }

    /** Counts flops per iteration so JMH reports a GFLOP/s figure next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** Reported per second; one unit is one GFLOP. */
        public double gflops;
    }

    @Benchmark
    public DeviceBuffer sgemm(Flops flops) {
        device.matmul(shape, a, 0, b, 0, c);
        flops.gflops += shape.flops() * 1e-9;
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.release(a);
        device.release(b);
        device.release(c);
        device.close();
    }
}
