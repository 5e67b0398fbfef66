package dev.dendrite.spark;

import java.nio.ByteBuffer;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Measures what one exchange of N floats costs with each of Spark's two ways to combine
 * replicas, with no training around it, so the figures can go into docs/SCALING.md's model:
 *
 * <ol>
 *   <li>parameter averaging's round: broadcast N floats, every partition sends N floats back
 *       through treeAggregate (a Spark job per round);</li>
 *   <li>a synchronous all-gather per step in a barrier stage: every task sends its N floats with
 *       {@code BarrierTaskContext.allGather} (strings, so Base64) and sums what it gets back,
 *       inside one long-running job, as a per-step gradient all-reduce would.</li>
 * </ol>
 *
 * <pre>
 * java -cp ... dev.dendrite.spark.ExchangeCost [MASTER [FLOATS [REPEATS]]]   (default local[2], 225034, 20)
 * </pre>
 */
public final class ExchangeCost {
    private ExchangeCost() {}

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 225_034;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (JavaSparkContext sc = SparkContexts.open(master, "dendrite exchange cost", ExchangeCost.class)) {
            int partitions = sc.defaultParallelism();
            JavaRDD<Integer> parts = sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions).cache();
            parts.count();
            double[] aggregate = treeAggregateRounds(sc, parts, n, repeats);
            double[] gather = barrierAllGathers(parts, n, repeats);
            System.out.printf(Locale.ROOT, "Spark %s, %s, %d partitions, %,d floats (%.2f MB) per worker%n",
                    sc.version(), sc.master(), partitions, n, 4e-6 * n);
            System.out.printf(Locale.ROOT, "treeAggregate + broadcast round: median %.1f ms (min %.1f)%n",
                    median(aggregate), aggregate[0]);
            System.out.printf(Locale.ROOT, "barrier allGather (per step):    median %.1f ms (min %.1f)%n",
                    median(gather), gather[0]);
        }
    }

    /** Milliseconds per round, sorted. */
    static double[] treeAggregateRounds(JavaSparkContext sc, JavaRDD<Integer> parts, int n, int repeats) {
        float[] params = new float[n];
        Arrays.fill(params, 0.5f);
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats + 2; r++) {
            long t = System.nanoTime();
            Broadcast<float[]> b = sc.broadcast(params);
            float[] sum = parts.map(p -> {
                float[] mine = b.value().clone(); // a replica's weights after its K steps
                mine[0] += p;
                return mine;
            }).treeAggregate(new float[n], ExchangeCost::addInto, ExchangeCost::addInto, 2);
            b.destroy();
            params = sum;
            if (r >= 2) ms[r - 2] = (System.nanoTime() - t) / 1e6; // two rounds of warm-up
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Milliseconds per all-gather (the slowest task's view), sorted. */
    static double[] barrierAllGathers(JavaRDD<Integer> parts, int n, int repeats) {
        // JavaRDD has no barrier(); the Scala RDD's takes a Scala function and a ClassTag.
        List<double[]> perTask = parts.rdd().barrier()
                .mapPartitions(new GatherRounds(n, repeats), false, ClassTag$.MODULE$.apply(double[].class))
                .toJavaRDD().collect();
        double[] slowest = new double[repeats];
        for (double[] t : perTask) for (int i = 0; i < repeats; i++) slowest[i] = Math.max(slowest[i], t[i]);
        Arrays.sort(slowest);
        return slowest;
    }

    /** One barrier task: {@code repeats} all-gathers of N floats (plus two of warm-up), each timed. */
    private static final class GatherRounds extends AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>>
            implements Serializable {
        private final int n;
        private final int repeats;

        GatherRounds(int n, int repeats) {
            this.n = n;
            this.repeats = repeats;
        }

        @Override public scala.collection.Iterator<double[]> apply(scala.collection.Iterator<Integer> partition) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            float[] grad = new float[n];
            Arrays.fill(grad, 0.25f);
            ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            float[] sum = new float[n];
            double[] times = new double[repeats];
            for (int r = 0; r < repeats + 2; r++) {
                long t = System.nanoTime();
                bytes.clear();
                bytes.asFloatBuffer().put(grad);
                String[] all = ctx.allGather(Base64.getEncoder().encodeToString(bytes.array()));
                Arrays.fill(sum, 0f);
                for (String s : all) {
                    FloatBuffer f = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    for (int i = 0; i < n; i++) sum[i] += f.get(i);
                }
                if (r >= 2) times[r - 2] = (System.nanoTime() - t) / 1e6;
            }
            return JavaConverters.asScalaIterator(List.of(times).iterator());
        }
    }

    private static float[] addInto(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) acc[i] += x[i];
        return acc;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
