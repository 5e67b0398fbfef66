package dev.dendrite.data;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * Labelled 8-bit images kept as bytes (a quarter of the memory of floats) and turned into floats
 * only when a batch is gathered: {@code x = (pixel / 255 - mean) / std}. With the defaults
 * (mean 0, std 1) pixels land in [0, 1].
 */
public final class ImageDataset implements Dataset {
    private final byte[] pixels;
    private final int[] imageShape;
    private final int imageSize;
    private final int[] labels;
    private final float scale;
    private final float shift;

    /**
     * @param pixels     N images of {@code imageShape} back to back, one unsigned byte per value
     * @param imageShape one image, e.g. [1, 28, 28] (channels first)
     * @param labels     N class labels
     */
    public ImageDataset(byte[] pixels, int[] imageShape, int[] labels, float mean, float std) {
        this.imageShape = imageShape.clone();
        this.imageSize = Shapes.numel(imageShape);
        if (imageSize == 0 || pixels.length != (long) labels.length * imageSize) {
            throw new IllegalArgumentException("ImageDataset: " + pixels.length + " pixel bytes do not hold "
                    + labels.length + " images of shape " + Arrays.toString(imageShape));
        }
        if (!(std > 0)) throw new IllegalArgumentException("ImageDataset: std must be positive, got " + std);
        this.pixels = pixels;
        this.labels = labels;
        // (p / 255 - mean) / std == p * scale + shift
        this.scale = 1f / (255f * std);
        this.shift = -mean / std;
    }

    public ImageDataset(byte[] pixels, int[] imageShape, int[] labels) {
        this(pixels, imageShape, labels, 0f, 1f);
    }

    /** The same images and labels normalised with another mean and standard deviation. */
    public ImageDataset normalized(float mean, float std) {
        return new ImageDataset(pixels, imageShape, labels, mean, std);
    }

    @Override public int size() { return labels.length; }
    @Override public int[] featureShape() { return imageShape.clone(); }
    @Override public DType targetType() { return DType.I32; }
    @Override public int[] targetShape() { return new int[0]; }

    @Override public void copyFeatures(int index, float[] dst, int offset) {
        int base = check(index) * imageSize;
        for (int i = 0; i < imageSize; i++) dst[offset + i] = (pixels[base + i] & 0xFF) * scale + shift;
    }

    @Override public int label(int index) { return labels[check(index)]; }

    /** The raw 0..255 value of one pixel, for writing images back out. */
    public int pixel(int index, int offsetInImage) {
        return pixels[check(index) * imageSize + offsetInImage] & 0xFF;
    }

    private int check(int index) {
        if (index < 0 || index >= labels.length) throw new IndexOutOfBoundsException("image " + index + " of " + labels.length);
        return index;
    }
}
