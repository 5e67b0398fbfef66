package dev.dendrite.bench.jmh;

import dev.dendrite.bench.suite.DeviceBuffers;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
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
 * Softmax along the rows of a [rows, cols] matrix through {@link Device#softmax}. Counted as
 * memory-bound: GB/s = 8 * rows * cols / (ms/op * 1e6) (one read and one write per element, the
 * least any softmax must do). 4096 x 1000 is a large classifier head; 128 x 10 is the
 * Fashion-MNIST CNN's, where a GPU device pays mostly launch overhead.
 *
 * <pre>java -jar bench/target/benchmarks.jar SoftmaxBench -p device=java,opencl</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
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
    public void softmax() {
        dev.softmax(src, rows, cols, 1, false, dst);
        dev.synchronize();
    }

    @Benchmark
    public void logSoftmax() {
        dev.softmax(src, rows, cols, 1, true, dst);
        dev.synchronize();
    }
}
