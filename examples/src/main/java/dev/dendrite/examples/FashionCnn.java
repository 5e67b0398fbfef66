package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.ImageDataset;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.train.History;
import dev.dendrite.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The main job: the classic Keras convolutional network on Fashion-MNIST.
 *
 * <pre>
 * [N, 1, 28, 28] -> conv 3x3, 32 -> ReLU -> max-pool 2 -> [N, 32, 13, 13]
 *                -> conv 3x3, 64 -> ReLU -> max-pool 2 -> [N, 64, 5, 5]
 *                -> flatten -> dense 128 -> ReLU -> dropout -> dense 10 (one score per class)
 * </pre>
 *
 * Trained with Adam on cross-entropy, the learning rate annealed to 0 along a cosine. It reaches
 * about 91-92% test accuracy in 10 epochs. At the end
 * it prints a confusion matrix, and in --out leaves the checkpoints (safetensors, loadable in
 * PyTorch) and curves.png; its last line is {@code test_accuracy=0.XXXX}.
 */
public final class FashionCnn implements Example {

    /** --spark's default. Not empty: checkpoints save every flag, and --resume reads them back as values. */
    static final String NO_SPARK = "none";

    @Override public String name() {
        return "train";
    }

    @Override public String summary() {
        return "the main job: a CNN on Fashion-MNIST (conv32-pool-conv64-pool-dense128-dropout-dense10, Adam)";
    }

    @Override public Options options() {
        return Options.forCommand(name(), "Trains a convolutional network on Fashion-MNIST and reports its test accuracy.")
                .set("epochs", "10").set("batch", "64").set("lr", "0.001")
                .add("dropout", "0.5", Options.Kind.FRACTION, "dropout probability after the dense layer")
                .add("spark", NO_SPARK, Options.Kind.TEXT, "train on Apache Spark: local[N] (N worker threads here) or spark://host:port;"
                        + " none: in this process")
                .add("average-every", "16", Options.Kind.COUNT, "with --spark: steps each worker takes between two averagings");
    }

    /** The network. Every layer is created on the default device, which --device chose. */
    static Sequential model(float dropout) {
        return model(dropout, Devices.defaultDevice());
    }

    /** The network on {@code device} (a Spark worker builds its replica on its own). */
    static Sequential model(float dropout, Device device) {
        return new Sequential(
                new Conv2d(1, 32, 3, 1, 0, true, device), new ReLU(), new MaxPool2d(2),   // 28 -> 26 -> 13
                new Conv2d(32, 64, 3, 1, 0, true, device), new ReLU(), new MaxPool2d(2),  // 13 -> 11 -> 5
                new Flatten(),                                                           // 64 * 5 * 5 = 1600
                new Linear(64 * 5 * 5, 128, true, device), new ReLU(), new Dropout(dropout),
                new Linear(128, 10, true, device));
    }

    @Override public void run(Options o) throws Exception {
        if (!o.value("spark").equalsIgnoreCase(NO_SPARK)) {
            SparkCnn.run(o);
            return;
        }
        Device device = DeviceChoice.open(o.device());
        Path out = o.out();

        // 1. Data: 60,000 training and 10,000 test images, standardised to mean 0 and deviation 1.
        ImageDataset train = FashionData.train(o.data()).normalized(FashionData.MEAN, FashionData.STD);
        ImageDataset test = FashionData.test(o.data()).normalized(FashionData.MEAN, FashionData.STD);

        // 2. The model: the same seed gives the same initial weights and dropout masks on every device.
        //    Evaluation goes 250 images at a time: the first layer's output alone is 86 MB for
        //    1000 images, and a smaller batch keeps the peak memory well under 1 GB on every device.
        Init.manualSeed(o.seed());
        try (Sequential model = model(o.floatValue("dropout"));
             Adam adam = new Adam(model.parameters(), o.lr());
             DataLoader trainLoader = new DataLoader(train, o.batch(), true, false, o.seed());
             DataLoader testLoader = new DataLoader(test, 250)) {
            System.out.printf(Locale.ROOT, "Fashion-MNIST CNN on %s: %,d parameters; %s%n",
                    device.description(), model.numParameters(), o.describe());

            // 3. Train: the Trainer shows a progress bar, evaluates on the test set after every
            //    epoch and writes last.safetensors (and best.safetensors) into --out; with --resume
            //    it starts from the last of them instead. The learning
            //    rate falls from --lr to 0 along a cosine, step by step: big steps early, small
            //    ones at the end that settle the weights (about half a point of accuracy).
            long steps = (long) o.epochs() * trainLoader.numBatches();
            Trainer trainer = ExampleTrainer.create(o).schedule(LrSchedule.cosine(steps, 0f), true);
            History history = trainer.fit(model, new CrossEntropyLoss(), adam, trainLoader, testLoader, o.epochs());

            // 4. Which classes does it confuse? Rows are the truth, columns the prediction.
            int[] predicted = trainer.predictClasses(model, testLoader);
            int[] truth = new int[test.size()];
            for (int i = 0; i < truth.length; i++) truth[i] = test.label(i);
            ConfusionMatrix confusion = new ConfusionMatrix(FashionData.CLASSES.length);
            confusion.add(truth, predicted);
            System.out.println();
            System.out.println(confusion.format(FashionData.CLASSES));

            // 5. Curves and a summary; the last line is for scripts.
            TrainingCurves.write(out.resolve("curves.png"), history);
            EpochTime.print(history);
            System.out.println("wrote " + out.resolve("last.safetensors") + " and " + out.resolve("curves.png"));
            System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", confusion.accuracy());
        }
    }
}
