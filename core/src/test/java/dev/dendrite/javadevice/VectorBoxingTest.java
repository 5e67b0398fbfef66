package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Pool2dShape;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Once C2 has compiled them, the Vector API kernels allocate nothing per vector. On JDK 17 a vector
 * is a heap object until C2 proves it need not be: a kernel that passes a vector to a method C2
 * does not inline, or whose calls C2 cannot bind to one vector class, allocates one box per
 * vector operation for the rest of the run, with no other sign (the CNN's bias sums did in one
 * run of 2026-12-07, 13% of an epoch). The child JVM runs each kernel, with the launcher's JIT
 * flags, until its allocation per call stops falling, and reports the lowest; the test fails for
 * any kernel above what it allocates on purpose (softmax's lane array, the max pool's index
 * tables). A boxed kernel allocates kilobytes per call: run the probe with -XX:-UseTypeProfile
 * (C2 then ignores receiver types, on which the JDK 17 Vector API leans) and every kernel here
 * reports 5-800 KB a call.
 */
class VectorBoxingTest {

    /** What each kernel may allocate per call: its own small arrays, no vector. */
    private static final Map<String, Long> ALLOWED_BYTES_PER_CALL = Map.of("softmax", 200L, "dots", 1000L, "maxPool 2x2", 400L, "maxPool 3x3", 2600L);
    private static final long DEFAULT_ALLOWED = 100;

    /** The program the child JVM runs: prints "name bytes-per-call" for each kernel. */
    public static final class Probe {
        public static void main(String[] args) {
            RowKernels rows = MicroKernels.vectorRows();
            MicroKernel gemm = MicroKernels.vector();
            MaxPoolForward pool = MicroKernels.vectorMaxPool();
            int n = 300;  // not a multiple of the lanes: the tails run too
            float[] x = new float[4 * n], y = new float[4 * n], g = new float[4 * n], scratch = new float[2 * n];
            float[] gamma = new float[n], beta = new float[n], partial = new float[2 * n], stats = new float[2];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i * 0.37);
                g[i] = (float) Math.cos(i * 0.11);
            }
            java.util.Arrays.fill(gamma, 1.5f);
            float[] laneSums = rows.newLaneSums();
            double[] doubleLanes = new double[rows.doubleLanes()];
            double[] columnSums = new double[n];
            float[] sink = new float[1];
            Map<String, IntConsumer> kernels = new LinkedHashMap<>();
            kernels.put("sum", i -> sink[0] += (float) rows.sum(x, i & 7, n, doubleLanes));
            kernels.put("addToSums", i -> rows.addToSums(columnSums, x, i & 7, n));
            kernels.put("dot", i -> sink[0] += rows.dot(x, i & 7, g, 3, n, laneSums));
            kernels.put("softmax", i -> rows.softmax(x, 0, n, y, 0, 3, n, (i & 1) == 0));
            kernels.put("expShifted", i -> {
                System.arraycopy(x, 0, y, 0, n);
                sink[0] += rows.expShifted(y, 0, n, 1f, laneSums);
            });
            float[] dotsOut = new float[32 * 9];
            kernels.put("dots", i -> rows.dots(x, 0, 10, 5, 32, g, 0, 100, 3, 9, 90, 2, dotsOut, 0, 9, laneSums));
            kernels.put("layerNormForward", i -> rows.layerNormForward(n, 1e-5f, x, i & 7, gamma, beta, y, stats, stats, 0, laneSums));
            kernels.put("layerNormBackward", i -> rows.layerNormBackward(n, x, g, i & 7, gamma, 0.1f, 1.2f, y, partial, scratch, laneSums));
            int kc = 128, mr = gemm.mr(), nr = gemm.nr();
            float[] a = new float[mr * MicroKernel.A_ROW], b = new float[kc * nr], c = new float[mr * nr], old = new float[mr * nr];
            for (int i = 0; i < b.length; i++) b[i] = x[i % x.length];
            for (int i = 0; i < a.length; i++) a[i] = g[i % g.length];
            kernels.put("micro-kernel", i -> gemm.run(kc, a, 0, b, 0, c, 0, nr, old, 0, nr));
            Pool2dShape pair = new Pool2dShape(2, 32, 26, 26, 2, 2, 2, 2, 0, 0), window = new Pool2dShape(2, 32, 9, 9, 3, 3, 2, 2, 0, 0);
            float[] in = new float[2 * 32 * 26 * 26 + 64], out = new float[2 * 32 * 13 * 13];
            int[] at = new int[out.length];
            for (int i = 0; i < in.length; i++) in[i] = (float) Math.sin(i * 0.013);
            kernels.put("maxPool 2x2", i -> pool.run(pair, in, out, at, 0, 64));
            kernels.put("maxPool 3x3", i -> pool.run(window, in, out, at, 0, 64));
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            String only = System.getProperty("kernels", "");  // a comma-separated subset, for a closer look
            for (var kernel : kernels.entrySet()) {
                if (!only.isEmpty() && !List.of(only.split(",")).contains(kernel.getKey())) continue;
                long best = Long.MAX_VALUE, deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                // C2 compiles each kernel after a few thousand calls; until then the calls allocate
                while (best > ALLOWED_BYTES_PER_CALL.getOrDefault(kernel.getKey(), DEFAULT_ALLOWED) && System.nanoTime() < deadline) {
                    int calls = 500;
                    long before = threads.getThreadAllocatedBytes(self);
                    for (int i = 0; i < calls; i++) kernel.getValue().accept(i);
                    best = Math.min(best, (threads.getThreadAllocatedBytes(self) - before) / calls);
                }
                System.out.println(kernel.getKey() + " " + best);
            }
            if (Float.isNaN(sink[0] + c[0] + out[0] + y[0])) System.out.println("unexpected NaN");
        }
    }

    @Test
    void compiledKernelsAllocateNoVectors() throws Exception {
        String out = ChildJvm.run(Probe.class, List.of("--add-modules=jdk.incubator.vector", JavaDevice.TRAP_LIMIT_FLAG, "-Xmx256m"), 300);
        List<String> boxed = new ArrayList<>();
        int reported = 0;
        for (String line : out.lines().filter(l -> !l.contains("incubator")).toList()) {
            int space = line.lastIndexOf(' ');
            assertTrue(space > 0, "unexpected probe output: " + line + "\n" + out);
            reported++;
            String kernel = line.substring(0, space);
            if (Long.parseLong(line.substring(space + 1)) > ALLOWED_BYTES_PER_CALL.getOrDefault(kernel, DEFAULT_ALLOWED)) boxed.add(line);
        }
        assertEquals(11, reported, "one line per kernel expected:\n" + out);
        assertTrue(boxed.isEmpty(), "kernels that allocate per call (bytes) after C2 compiled them: " + boxed + "\n" + out);
    }
}
