package dev.dendrite.bench.jmh;

import dev.dendrite.bench.suite.TrainStep;
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
 * One full training step of the Fashion-MNIST CNN ({@link TrainStep}: forward, cross-entropy,
 * backward, Adam) on random data of the real shape. GFLOP/s of its convolutions and dense layers
 * = {@link TrainStep#flops(int)} / (ms/op * 1e6): 1.97 GFLOP per step at batch 128; seconds per
 * epoch of 60,000 images = ms/op * 60000 / batch / 1000.
 *
 * <pre>java -jar bench/target/benchmarks.jar TrainStepBench -p device=java,opencl</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
public class TrainStepBench {
    @Param({"java"})
    public String device;

    @Param({"128"})
    public int batch;

    private TrainStep step;

    @Setup(Level.Trial)
    public void setUp() {
        step = new TrainStep(JmhDevices.open(device), batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    /** One step, waited for. */
    @Benchmark
    public void trainStep() {
        step.step();
        step.device().synchronize();
    }
}
