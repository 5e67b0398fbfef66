package dev.dendrite.bench.compare;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.javadevice.JavaDevice;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Square SGEMM rate of the java device, timed the way {@code bench/pytorch/sgemm.py} times
 * {@code torch.mm}, so that {@code bench/pytorch/compare-sgemm.sh} can run the two side by side:
 * for each n, one second of warm-up calls, then {@code --reps} repetitions that each time calls
 * back to back until at least {@code --rep-seconds} have passed; the figure is the median
 * repetition's GFLOP/s (2 n^3 flops per call).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... dev.dendrite.bench.compare.SgemmRate [--sizes 1024,2048]
 *        [--threads N] [--reps 7] [--rep-seconds 0.3] [--warmup-seconds 1]
 * </pre>
 * Prints one line per size: {@code sgemm n=1024 gflops=X (reps: a b c ...)}.
 */
public final class SgemmRate {
    private SgemmRate() {}

    public static void main(String[] args) {
        int[] sizes = {1024, 2048};
        int threads = Runtime.getRuntime().availableProcessors(), reps = 7;
        double repSeconds = 0.3, warmupSeconds = 1.0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--rep-seconds" -> repSeconds = Double.parseDouble(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("SgemmRate: unknown flag " + args[i]
                            + " (flags: --sizes --threads --reps --rep-seconds --warmup-seconds)");
                    System.exit(2);
                }
            }
        }
        try (JavaDevice device = new JavaDevice(new JavaDevice.Options(JavaDevice.vectorApiAvailable(), threads))) {
            for (int n : sizes) {
                double[] rates = rates(device, n, reps, repSeconds, warmupSeconds);
                double[] sorted = rates.clone();
                Arrays.sort(sorted);
                StringBuilder all = new StringBuilder();
                for (double r : rates) all.append(String.format(Locale.ROOT, " %.1f", r));
                System.out.printf(Locale.ROOT, "sgemm n=%d gflops=%.1f (reps:%s)%n", n, sorted[sorted.length / 2], all);
            }
        }
    }

    static double[] rates(JavaDevice device, int n, int reps, double repSeconds, double warmupSeconds) {
        MatmulShape shape = MatmulShape.of(n, n, n);
        DeviceBuffer a = randomMatrix(device, n, 1), b = randomMatrix(device, n, 2), c = device.allocate(DType.F32, n * n);
        double flops = 2.0 * n * n * n;
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int calls = 0; calls < 3 || System.nanoTime() < end; calls++) device.matmul(shape, a, 0, b, 0, c);
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime(), now;
            int calls = 0;
            do {
                device.matmul(shape, a, 0, b, 0, c);
                calls++;
                now = System.nanoTime();
            } while (now - start < repSeconds * 1e9);
            rates[r] = calls * flops / (now - start);
        }
        device.release(a);
        device.release(b);
        device.release(c);
        return rates;
    }

    /** An n x n matrix of uniform values in [-0.5, 0.5) on the device (also used by SgemmJavaBenchmark). */
    public static DeviceBuffer randomMatrix(JavaDevice device, int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * n];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat() - 0.5f;
        DeviceBuffer buffer = device.allocate(DType.F32, x.length);
        device.upload(x, 0, buffer, 0, x.length);
        return buffer;
    }
}
