package dev.dendrite.bench.jmh;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.javadevice.JavaDevice;
import java.util.Random;
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
 * The Fashion-MNIST CNN's convolutions on the java device, batch 128, forward and both backward
 * passes: {@code conv1} is 1 -> 32 channels, 3x3, on 28x28 images; {@code conv2} is 32 -> 64
 * channels, 3x3, on the 13x13 maps left after 2x2 pooling. The {@code gflops} secondary metric is
 * GFLOP/s (2 * multiply-adds of the pass, the same count for all three passes).
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar Conv2dJavaBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Conv2dJavaBenchmark {

    @Param({"conv1", "conv2"})
    public String layer;

    @Param({"128"})
    public int batch;

    private JavaDevice device;
    private Conv2dShape shape;
    private DeviceBuffer input, weight, bias, output, gradOutput, gradInput, gradWeight;

    @Setup(Level.Trial)
    public void setUp() {
        device = new JavaDevice();
        shape = switch (layer) {
            case "conv1" -> new Conv2dShape(batch, 1, 28, 28, 32, 3, 3, 1, 1, 0, 0);
            case "conv2" -> new Conv2dShape(batch, 32, 13, 13, 64, 3, 3, 1, 1, 0, 0);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        Random random = new Random(7);
        input = random(random, size(shape.inputShape()));
        weight = random(random, size(shape.weightShape()));
        bias = random(random, shape.outC());
        gradOutput = random(random, size(shape.outputShape()));
        output = device.allocate(DType.F32, size(shape.outputShape()));
        gradInput = device.allocate(DType.F32, size(shape.inputShape()));
        gradWeight = device.allocate(DType.F32, size(shape.weightShape()));
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private DeviceBuffer random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = random.nextFloat() - 0.5f;
        DeviceBuffer buffer = device.allocate(DType.F32, n);
        device.upload(x, 0, buffer, 0, n);
        return buffer;
    }

    /** GFLOP counter: reported per second, so it reads as GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;
    }

    @Benchmark
    public DeviceBuffer forward(Flops flops) {
        device.conv2d(shape, input, weight, bias, output);
        flops.gflops += shape.flops() * 1e-9;
        return output;
    }

    @Benchmark
    public DeviceBuffer backwardInput(Flops flops) {
        device.conv2dBackwardInput(shape, gradOutput, weight, gradInput);
        flops.gflops += shape.flops() * 1e-9;
        return gradInput;
    }

    @Benchmark
    public DeviceBuffer backwardWeight(Flops flops) {
        device.conv2dBackwardWeight(shape, input, gradOutput, gradWeight);
        flops.gflops += shape.flops() * 1e-9;
        return gradWeight;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {input, weight, bias, output, gradOutput, gradInput, gradWeight}) {
            device.release(b);
        }
        device.close();
    }
}
