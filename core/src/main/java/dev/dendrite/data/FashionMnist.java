package dev.dendrite.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST: 70,000 grey 28x28 images of clothing in 10 classes (60,000 to train, 10,000 to
 * test). Debian's {@code dataset-fashion-mnist} package installs the IDX files in
 * {@link #DEFAULT_DIR}; nothing is downloaded at run time.
 */
public final class FashionMnist {
    private FashionMnist() {}

    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names in label order. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The 60,000 training images, as [1, 28, 28] in [0, 1], with labels 0..9. */
    public static ImageDataset train(Path dir) throws IOException {
        return load(dir, Mnist.Split.TRAIN);
    }

    /** The 10,000 test images. */
    public static ImageDataset test(Path dir) throws IOException {
        return load(dir, Mnist.Split.TEST);
    }

    public static ImageDataset load(Path dir, Mnist.Split split) throws IOException {
        try {
            return Mnist.load(dir, split, CLASSES.size());
        } catch (FileNotFoundException e) {
            FileNotFoundException clearer = new FileNotFoundException("Fashion-MNIST not found: " + e.getMessage()
                    + ". On Debian: apt-get install dataset-fashion-mnist (files go to " + DEFAULT_DIR
                    + "), or name a directory that holds the four IDX files.");
            clearer.initCause(e);
            throw clearer;
        }
    }
}
