package dev.dendrite.bench.jmh;

import dev.dendrite.bench.suite.TrainStep;
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
 * One full training step of the Fashion-MNIST CNN ({@link TrainStep}: forward, cross-entropy,
 * backward, Adam) on random data of the real shape, waited for. The primary score is steps per
 * second; the {@code gflops} secondary metric reads as GFLOP/s of the step's convolutions and
 * dense layers ({@link TrainStep#flops(int)}: 1.97 GFLOP per step at batch 128), and
 * {@code images} as images per second (seconds per epoch of 60,000 images = 60000 / images).
 *
 * <pre>java -jar bench/target/benchmarks.jar TrainStepBench -p device=java,opencl</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xmx1g"})
public class TrainStepBench {
    @Param({"java"})
    public String device;

    @Param({"128"})
    public int batch;

    private TrainStep step;
    private double gflopsPerStep;

    /** Work per step, added up so JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        /** Reported per second; one unit is one GFLOP. */
        public double gflops;
        /** Reported per second. */
        public double images;
    }

    @Setup(Level.Trial)
    public void setUp() {
        step = new TrainStep(JmhDevices.open(device), batch);
        gflopsPerStep = TrainStep.flops(batch) * 1e-9;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    @Benchmark
    public void trainStep(Work work) {
        step.step();
        step.device().synchronize();
        work.gflops += gflopsPerStep;
        work.images += batch;
    }
}
