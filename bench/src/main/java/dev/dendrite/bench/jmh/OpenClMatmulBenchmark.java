package dev.dendrite.bench.jmh;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.kernels.MatmulKernel;
import dev.dendrite.opencl.OpenClDevice;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The matmul ladder of matmul.cl on the OpenCL device: C = A x B, square n x n, each rung by name
 * ("java" is the java device's SGEMM for comparison). Time per product includes waiting for it
 * (synchronize); GFLOP/s = 2 n^3 / time.
 *
 * <pre>
 *   java -cp ... org.openjdk.jmh.Main 'OpenClMatmulBenchmark' -p rung=wide -p n=1024
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG})
public class OpenClMatmulBenchmark {
    @Param({"naive", "tiled", "regblock", "wide", "simd", "vector", "java"})
    public String rung;

    @Param({"256", "512", "1024", "2048"})
    public int n;

    private Device device;
    private MatmulKernel kernel;
    private MatmulShape shape;
    private DeviceBuffer a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        device = JmhDevices.open(rung.equals("java") ? "java" : "opencl");
        kernel = rung.equals("java") ? null : MatmulKernel.byLabel(rung);
        shape = MatmulShape.of(n, n, n);
        a = filled(n * n, 1);
        b = filled(n * n, 2);
        c = device.allocate(DType.F32, n * n);
        multiply();   // builds the program and warms the caches
        device.synchronize();
    }

    private DeviceBuffer filled(int count, long seed) {
        float[] host = new float[count];
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) host[i] = r.nextFloat() - 0.5f;
        DeviceBuffer buf = device.allocate(DType.F32, count);
        device.upload(host, 0, buf, 0, count);
        return buf;
    }

    private void multiply() {
        if (kernel == null) device.matmul(shape, a, 0, b, 0, c);
        else ((OpenClDevice) device).matmul(kernel, shape, a, 0, b, 0, c);
    }

    @Benchmark
    public void matmul() {
        multiply();
        device.synchronize();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.release(a);
        device.release(b);
        device.release(c);
    }
}
