package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.FashionMnist;
import dev.dendrite.data.ImageDataset;
import dev.dendrite.data.Mnist;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Init;
import dev.dendrite.optim.Adam;
import dev.dendrite.spark.DatasetRows;
import dev.dendrite.spark.LabeledRow;
import dev.dendrite.spark.SparkContexts;
import dev.dendrite.spark.SparkEpoch;
import dev.dendrite.spark.SparkMasters;
import dev.dendrite.spark.SparkTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code ./dendrite train --spark MASTER}: the same CNN, trained on Apache Spark by parameter
 * averaging. The training images become an RDD with one partition per Spark worker thread; each
 * partition trains a replica for --average-every steps, then the driver averages the replicas
 * (weights and Adam's moments) and broadcasts the average. Prints time per epoch and what each
 * round exchanged; the last line is {@code test_accuracy=0.XXXX} as for the one-device run.
 */
final class SparkCnn {
    private SparkCnn() {}

    static void run(Options o) throws Exception {
        if (o.given("resume")) throw UserError.usage("--resume does not work with --spark yet; start the run again");
        if (o.given("device") && !o.device().equalsIgnoreCase("java")) {
            throw UserError.usage("--spark trains on each worker's java device; --device " + o.device() + " is for a run in one process");
        }
        String master = o.value("spark");
        try {
            SparkMasters.resolve(master); // a typo is reported before any data is read
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--spark: " + e.getMessage());
        }
        float dropout = o.floatValue("dropout");
        float lr = o.lr();
        int k = o.intValue("average-every");
        String dir = o.data().toAbsolutePath().toString();

        // The test set is read here, on the driver, which also checks that --data holds the files
        // before Spark starts; the training set is read by the workers from the same path.
        ImageDataset test = FashionData.test(o.data()).normalized(FashionData.MEAN, FashionData.STD);
        FashionData.train(o.data()); // fail here, with the flag's advice, rather than in a Spark task

        JavaSparkContext sc;
        try {
            sc = SparkContexts.open(master, "dendrite train", SparkCnn.class);
        } catch (IllegalArgumentException e) {
            throw UserError.environment("--spark: " + e.getMessage()); // well-formed, but no master answers
        }
        try (sc) {
            int partitions = sc.defaultParallelism();
            JavaRDD<LabeledRow> rows = DatasetRows.of(sc,
                    () -> FashionMnist.load(Path.of(dir), Mnist.Split.TRAIN).normalized(FashionData.MEAN, FashionData.STD), partitions);
            Init.manualSeed(o.seed());
            try (SparkTrainer trainer = new SparkTrainer(sc, device -> FashionCnn.model(dropout, device),
                         model -> new Adam(model.parameters(), lr), CrossEntropyLoss::new, new int[] {1, 28, 28})
                         .batchSize(o.batch()).averageEvery(k).cosine(true).seed(o.seed());
                 DataLoader testLoader = new DataLoader(test, 250)) {
                System.out.printf(Locale.ROOT, "Fashion-MNIST CNN on Spark %s (%s): %d partitions, one replica each on the java"
                        + " device; parameters averaged every %d steps; %,d parameters; %s%n",
                        sc.version(), sc.master(), partitions, k, trainer.model().numParameters(), o.describe());
                trainer.onEpoch(e -> System.out.println(line(e, o.epochs())));
                List<SparkEpoch> epochs = trainer.fit(rows, o.epochs(), testLoader);

                double seconds = 0;
                for (SparkEpoch e : epochs) seconds += e.seconds();
                SparkEpoch last = epochs.get(epochs.size() - 1);
                Path out = o.out();
                trainer.model().save(out.resolve("last.safetensors"));
                System.out.printf(Locale.ROOT, "%ntime per epoch: %.2f s (training only, mean of %d)%n", seconds / epochs.size(), epochs.size());
                System.out.printf(Locale.ROOT, "exchanged per round: %s up (all %d partitions to the driver), %s down (the"
                        + " broadcast, to each worker); %d rounds per epoch%n",
                        mb(last.bytesUpPerRound()), last.partitions(), mb(last.bytesDownPerRound()), last.rounds());
                System.out.println("wrote " + out.resolve("last.safetensors"));
                System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", last.valAccuracy());
            }
        }
    }

    private static String line(SparkEpoch e, int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, accuracy %.4f | test loss %.4f, accuracy %.4f | %.1f s,"
                        + " %d rounds x (%s up, %s down)",
                e.epoch() + 1, epochs, e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), e.seconds(),
                e.rounds(), mb(e.bytesUpPerRound()), mb(e.bytesDownPerRound()));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }
}
