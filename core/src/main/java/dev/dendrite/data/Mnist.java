package dev.dendrite.data;

import dev.dendrite.io.FileFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a data set laid out like MNIST: four IDX files in one directory, gzip-compressed or not,
 * under the names {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} (with or without
 * {@code .gz}; the variant {@code train-images.idx3-ubyte} is accepted too). Fashion-MNIST uses
 * the same layout; see {@link FashionMnist}.
 */
public final class Mnist {
    private Mnist() {}

    public enum Split {
        TRAIN("train"), TEST("t10k");

        final String prefix;

        Split(String prefix) { this.prefix = prefix; }
    }

    /** Images as [1, H, W] scaled to [0, 1], with their labels; every label must be below {@code classes}. */
    public static ImageDataset load(Path dir, Split split, int classes) throws IOException {
        Path imagesFile = find(dir, split.prefix, "images", "idx3");
        Path labelsFile = find(dir, split.prefix, "labels", "idx1");
        IdxArray images = Idx.read(imagesFile);
        IdxArray labels = Idx.read(labelsFile);
        int[] is = images.shape();
        int[] ls = labels.shape();
        if (images.type() != IdxArray.Type.UBYTE || is.length != 3) {
            throw new FileFormatException(imagesFile, "expected unsigned-byte images [N, H, W], found "
                    + images.type() + " " + Arrays.toString(is));
        }
        if (labels.type() != IdxArray.Type.UBYTE || ls.length != 1) {
            throw new FileFormatException(labelsFile, "expected unsigned-byte labels [N], found "
                    + labels.type() + " " + Arrays.toString(ls));
        }
        if (is[0] != ls[0]) {
            throw new FileFormatException(labelsFile, ls[0] + " labels but " + imagesFile.getFileName() + " holds "
                    + is[0] + " images");
        }
        int[] y = labels.toInts();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classes) {
                throw new FileFormatException(labelsFile, "label " + y[i] + " of example " + i + " is not below " + classes);
            }
        }
        return new ImageDataset(images.unsignedBytes(), new int[] {1, is[1], is[2]}, y);
    }

    private static Path find(Path dir, String prefix, String kind, String idx) throws FileNotFoundException {
        List<String> names = List.of(
                prefix + "-" + kind + "-" + idx + "-ubyte.gz",
                prefix + "-" + kind + "-" + idx + "-ubyte",
                prefix + "-" + kind + "." + idx + "-ubyte.gz",
                prefix + "-" + kind + "." + idx + "-ubyte");
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new FileNotFoundException("no " + names.get(0) + " (nor " + names.get(1) + ") in " + dir.toAbsolutePath()
                + (Files.isDirectory(dir) ? "" : ", which does not exist"));
    }
}
