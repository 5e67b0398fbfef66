package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.ImageDataset;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MSELoss;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Sigmoid;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.History;
import dev.dendrite.train.Trainer;
import java.util.Locale;

/**
 * An autoencoder squeezes each 784-pixel image through a 32-number bottleneck and rebuilds it.
 * Nobody tells it what to keep: to rebuild well it must find what matters (outline, brightness,
 * the shape of a sleeve). It writes {@code reconstructions.png}: test images above their
 * reconstructions.
 */
public final class Autoencoder implements Example {
    static final int CODE = 32;
    static final int SHOWN = 12;

    @Override public String name() {
        return "autoencoder";
    }

    @Override public String summary() {
        return "a dense autoencoder on Fashion-MNIST; writes originals above reconstructions as a PNG";
    }

    @Override public Options options() {
        return Options.forCommand(name(), "Trains a 784-256-" + CODE + "-256-784 autoencoder on Fashion-MNIST.")
                .set("epochs", "5").set("batch", "64").set("lr", "0.001");
    }

    /** The images as [784] vectors in [0, 1], each its own target. */
    record Reconstruction(ImageDataset images) implements Dataset {
        @Override public int size() { return images.size(); }
        @Override public int[] featureShape() { return new int[] {784}; }
        @Override public DType targetType() { return DType.F32; }
        @Override public int[] targetShape() { return new int[] {784}; }
        @Override public void copyFeatures(int i, float[] dst, int offset) { images.copyFeatures(i, dst, offset); }
        @Override public void copyTargets(int i, float[] dst, int offset) { images.copyFeatures(i, dst, offset); }
    }

    @Override public void run(Options o) {
        Device device = DeviceChoice.open(o.device());
        Reconstruction train = new Reconstruction(FashionData.train(o.data()));
        Reconstruction test = new Reconstruction(FashionData.test(o.data()));

        Init.manualSeed(o.seed());
        try (Sequential model = new Sequential(
                     new Linear(784, 256), new ReLU(), new Linear(256, CODE), new ReLU(),   // encoder
                     new Linear(CODE, 256), new ReLU(), new Linear(256, 784), new Sigmoid()); // decoder: pixels in (0, 1)
             Adam adam = new Adam(model.parameters(), o.lr());
             DataLoader trainLoader = new DataLoader(train, o.batch(), true, false, o.seed());
             DataLoader testLoader = new DataLoader(test, 1000)) {
            System.out.printf(Locale.ROOT, "Autoencoder on %s: %,d parameters; %s%n", device.description(),
                    model.numParameters(), o.describe());
            Trainer trainer = ExampleTrainer.create(o);
            History history = trainer.fit(model, new MSELoss(), adam, trainLoader, testLoader, o.epochs());

            // The first test images and what the model makes of them.
            float[][][] rows = new float[2][SHOWN][];
            try (DataLoader first = new DataLoader(test.slice(0, SHOWN), SHOWN);
                 Tensor rebuilt = trainer.predict(model, first)) {
                float[] pixels = rebuilt.toFloatArray();
                for (int i = 0; i < SHOWN; i++) {
                    rows[0][i] = new float[784];
                    test.copyFeatures(i, rows[0][i], 0);
                    rows[1][i] = java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
                }
            }
            ImageGrid.writePng(o.out().resolve("reconstructions.png"), new String[] {"original", "rebuilt"}, rows, 28, 28);
            TrainingCurves.write(o.out().resolve("curves.png"), history);
            System.out.println("wrote " + o.out().resolve("reconstructions.png") + " and " + o.out().resolve("curves.png"));
            System.out.printf(Locale.ROOT, "test_mse=%.5f%n", history.last().valLoss());
        }
    }
}
