package dev.dendrite.examples;

import dev.dendrite.data.FashionMnist;
import dev.dendrite.data.ImageDataset;
import dev.dendrite.data.Mnist;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fashion-MNIST for the examples: 60,000 training and 10,000 test images of clothing, 28x28 grey,
 * in 10 classes. Loading problems become a {@link UserError} that says how to get the files.
 */
public final class FashionData {
    /** Mean and standard deviation of the training pixels (scaled to [0, 1]). Standardised inputs train faster. */
    public static final float MEAN = 0.2860f, STD = 0.3530f;

    /** Class names in label order. */
    public static final String[] CLASSES = FashionMnist.CLASSES.toArray(new String[0]);

    private FashionData() {}

    /** The training images, pixels in [0, 1]. */
    public static ImageDataset train(Path dir) {
        return load(dir, Mnist.Split.TRAIN);
    }

    /** The test images, pixels in [0, 1]. */
    public static ImageDataset test(Path dir) {
        return load(dir, Mnist.Split.TEST);
    }

    private static ImageDataset load(Path dir, Mnist.Split split) {
        try {
            return FashionMnist.load(dir, split);
        } catch (FileNotFoundException e) {
            // The library's message names the missing file and the Debian package; we add the flag.
            throw UserError.environment(e.getMessage().replace("or name a directory", "or pass --data DIR, a directory"), e);
        } catch (IOException e) {
            throw UserError.environment("cannot read Fashion-MNIST from " + dir + ": " + e.getMessage(), e);
        }
    }
}
