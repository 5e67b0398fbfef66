package dev.dendrite.bench.jmh;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.javadevice.JavaDevice;
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
 * Elementwise add bandwidth: c = a + b over n floats, contiguous (binary_contig) and with b a row
 * broadcast over a [n / 1024, 1024] matrix (binary_strided, stride 0). Bytes moved per add:
 * 12 n (read a, read b, write c; the broadcast row stays in cache, so count it 8 n there).
 * GB/s = bytes / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG})
public class OpenClElementwiseBenchmark {
    @Param({"opencl", "java"})
    public String device;

    @Param({"1048576", "16777216"})
    public int n;

    private Device d;
    private DeviceBuffer a, b, c;
    private int[] shape;
    private View va, vb, vRow;

    @Setup(Level.Trial)
    public void setUp() {
        d = JmhDevices.open(device);
        a = d.allocate(DType.F32, n);
        b = d.allocate(DType.F32, n);
        c = d.allocate(DType.F32, n);
        d.fill(a, 0, n, 1f);
        d.fill(b, 0, n, 2f);
        shape = new int[] {n / 1024, 1024};
        va = View.contiguous(a, shape);
        vb = View.contiguous(b, shape);
        vRow = new View(b, 0, new int[] {0, 1});
        d.synchronize();
    }

    @Benchmark
    public void add() {
        d.binary(BinaryOp.ADD, shape, va, vb, c);
        d.synchronize();
    }

    @Benchmark
    public void addBroadcastRow() {
        d.binary(BinaryOp.ADD, shape, va, vRow, c);
        d.synchronize();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        d.release(a);
        d.release(b);
        d.release(c);
    }
}
