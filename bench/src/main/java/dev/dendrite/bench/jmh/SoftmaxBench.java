package dev.dendrite.bench.jmh;

import dev.dendrite.bench.suite.DeviceBuffers;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
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
 * Softmax (and log-softmax) along the rows of a [rows, cols] matrix through {@link Device#softmax},
 * each call waited for. The primary score is calls per second; the {@code gbps} secondary metric
 * reads as GB/s, counting 8 bytes per element (one read, one write: the least any softmax must
 * move). 4096 x 1000 is a large classifier head; 128 x 10 is the Fashion-MNIST CNN's, where a GPU
 * device pays mostly for the launch.
 *
 * <pre>java -jar bench/target/benchmarks.jar SoftmaxBench -p device=java,opencl</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xmx1g"})
public class SoftmaxBench {
    @Param({"java"})
    public String device;

    @Param({"4096x1000", "128x10"})
    public String shape;

    private Device dev;
    private DeviceBuffers buffers;
    private int rows;
    private int cols;
    private DeviceBuffer src;
    private DeviceBuffer dst;

    /** Bytes per call, added up so JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bandwidth {
        /** Reported per second; one unit is one GB. */
        public double gbps;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        dev = JmhDevices.open(device);
        buffers = new DeviceBuffers(dev);
        src = buffers.random(rows * cols);
        dst = buffers.empty(rows * cols);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffers.close();
    }

    @Benchmark
    public void softmax(Bandwidth bw) {
        dev.softmax(src, rows, cols, 1, false, dst);
        dev.synchronize();
        bw.gbps += 8e-9 * rows * cols;
    }

    @Benchmark
    public void logSoftmax(Bandwidth bw) {
        dev.softmax(src, rows, cols, 1, true, dst);
        dev.synchronize();
        bw.gbps += 8e-9 * rows * cols;
    }
}
