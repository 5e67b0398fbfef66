package dev.dendrite.bench.jmh;

import dev.dendrite.bench.suite.DeviceBuffers;
import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
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
 * Elementwise {@code c = a + b} through {@link Device#binary}: memory bandwidth as a kernel sees
 * it. One call moves {@code 12 * length} bytes (two floats read, one written), so
 * GB/s = 12 * length / (ms/op * 1e6). The default 16 Mi floats (64 MiB per array) is far beyond
 * the caches; smaller lengths show cache bandwidth and, on a GPU device, launch overhead.
 *
 * <pre>java -jar bench/target/benchmarks.jar ElementwiseBench -p device=java,opencl</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class ElementwiseBench {
    @Param({"java"})
    public String device;

    @Param({"16777216"})
    public int length;

    private Device dev;
    private DeviceBuffers buffers;
    private int[] shape;
    private View a;
    private View b;
    private DeviceBuffer c;

    @Setup(Level.Trial)
    public void setUp() {
        dev = JmhDevices.open(device);
        buffers = new DeviceBuffers(dev);
        shape = new int[] {length};
        a = View.contiguous(buffers.random(length), shape);
        b = View.contiguous(buffers.random(length), shape);
        c = buffers.empty(length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffers.close();
    }

    /** One add, waited for: the clock must not stop while a GPU is still working. */
    @Benchmark
    public void add() {
        dev.binary(BinaryOp.ADD, shape, a, b, c);
        dev.synchronize();
    }
}
