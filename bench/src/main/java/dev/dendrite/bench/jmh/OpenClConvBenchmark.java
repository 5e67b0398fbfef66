package dev.dendrite.bench.jmh;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.javadevice.JavaDevice;
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
 * The two convolutions of the Fashion-MNIST CNN at batch 128, forward and both backward passes,
 * on the OpenCL device and on the java device:
 * <ul>
 *   <li>conv1: 1 -> 32 channels, 3 x 3, on 28 x 28 (output 26 x 26)</li>
 *   <li>conv2: 32 -> 64 channels, 3 x 3, on 13 x 13 (output 11 x 11)</li>
 * </ul>
 * GFLOP/s = Conv2dShape.flops() / time (the same count for each pass).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG})
public class OpenClConvBenchmark {
    @Param({"opencl", "java"})
    public String device;

    @Param({"conv1", "conv2"})
    public String layer;

    private Device d;
    private Conv2dShape s;
    private DeviceBuffer input, weight, bias, output, gradOutput, gradInput, gradWeight;

    @Setup(Level.Trial)
    public void setUp() {
        d = JmhDevices.open(device);
        s = layer.equals("conv1")
                ? new Conv2dShape(128, 1, 28, 28, 32, 3, 3, 1, 1, 0, 0)
                : new Conv2dShape(128, 32, 13, 13, 64, 3, 3, 1, 1, 0, 0);
        input = random(s.batch() * s.inC() * s.inH() * s.inW(), 1);
        weight = random(s.outC() * s.inC() * s.kH() * s.kW(), 2);
        bias = random(s.outC(), 3);
        int outputs = s.batch() * s.outC() * s.outH() * s.outW();
        output = d.allocate(DType.F32, outputs);
        gradOutput = random(outputs, 4);
        gradInput = d.allocate(DType.F32, s.batch() * s.inC() * s.inH() * s.inW());
        gradWeight = d.allocate(DType.F32, s.outC() * s.inC() * s.kH() * s.kW());
        forward();
        backwardInput();
        backwardWeight();
    }

    private DeviceBuffer random(int count, long seed) {
        float[] host = new float[count];
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) host[i] = r.nextFloat() - 0.5f;
        DeviceBuffer buf = d.allocate(DType.F32, count);
        d.upload(host, 0, buf, 0, count);
        return buf;
    }

    @Benchmark
    public void forward() {
        d.conv2d(s, input, weight, bias, output);
        d.synchronize();
    }

    @Benchmark
    public void backwardInput() {
        d.conv2dBackwardInput(s, gradOutput, weight, gradInput);
        d.synchronize();
    }

    @Benchmark
    public void backwardWeight() {
        d.conv2dBackwardWeight(s, input, gradOutput, gradWeight);
        d.synchronize();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {input, weight, bias, output, gradOutput, gradInput, gradWeight}) d.release(b);
    }
}
