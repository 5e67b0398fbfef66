package dev.dendrite.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A few hundred Fashion-MNIST-shaped images in IDX files, so that the examples run end to end in
 * a second: class c is a bright bar in row band c on noise, easy to learn.
 */
final class TinyFashion {
    private TinyFashion() {}

    /** Writes the four IDX files into {@code dir} and returns it. */
    static Path write(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        split(dir, "train", train, 1);
        split(dir, "t10k", test, 2);
        return dir;
    }

    private static void split(Path dir, String prefix, int n, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(10);
            labels[i] = (byte) c;
            for (int p = 0; p < 28 * 28; p++) {
                boolean bar = p / 28 >= 2 + 2 * c && p / 28 < 4 + 2 * c;
                pixels[i * 784 + p] = (byte) (bar ? 200 + r.nextInt(56) : r.nextInt(80));
            }
        }
        idx(dir.resolve(prefix + "-images-idx3-ubyte"), 0x803, new int[] {n, 28, 28}, pixels);
        idx(dir.resolve(prefix + "-labels-idx1-ubyte"), 0x801, new int[] {n}, labels);
    }

    private static void idx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        try (OutputStream f = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
    }

    /** {@code a} followed by {@code b}: a command line built from shared flags. */
    static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
