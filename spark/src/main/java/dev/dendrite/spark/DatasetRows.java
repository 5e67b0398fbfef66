package dev.dendrite.spark;

import dev.dendrite.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * A Dendrite {@link Dataset} as a cached RDD of {@link LabeledRow}s in {@code partitions}
 * contiguous parts, each read on the executor that holds it. Not {@code sc.parallelize(rows)}: a
 * parallelized collection lives in its partitions' descriptions, which travel with every task,
 * so every round would ship the data again; here a task carries only its partition's number.
 */
public final class DatasetRows {
    private DatasetRows() {}

    public static JavaRDD<LabeledRow> of(JavaSparkContext sc, DatasetSource source, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("DatasetRows: partitions must be >= 1, got " + partitions);
        List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
        return sc.parallelize(parts, partitions).mapPartitions(it -> {
            List<LabeledRow> rows = new ArrayList<>();
            if (!it.hasNext()) return rows.iterator();
            int part = it.next();
            Dataset d = source.open();
            if (d.targetType() != dev.dendrite.device.DType.I32 || d.targetShape().length != 0) {
                throw new IllegalArgumentException("DatasetRows: the dataset must have one class label per example");
            }
            int featureSize = 1;
            for (int s : d.featureShape()) featureSize *= s;
            long n = d.size();
            int from = (int) (n * part / partitions);
            int to = (int) (n * (part + 1) / partitions);
            for (int i = from; i < to; i++) {
                float[] f = new float[featureSize];
                d.copyFeatures(i, f, 0);
                rows.add(new LabeledRow(f, d.label(i)));
            }
            return rows.iterator();
        }).persist(StorageLevel.MEMORY_ONLY());
    }
}
