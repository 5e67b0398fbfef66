package dev.dendrite.kernels;

import dev.dendrite.device.Conv2dShape;

/**
 * How the im2col convolution of conv.cl is cut into batch chunks. The column matrix of one image
 * holds {@code kc() * plane()} values (inC * kH * kW rows, outH * outW columns), nine times the
 * input for a 3 x 3 kernel, so the batch is processed {@code chunk} images at a time to keep it
 * within a memory budget (and within int indexing).
 */
public record ConvPlan(Conv2dShape shape, int chunk) {
    /** Default budget for one column matrix: 32 Mi floats (128 MiB). */
    public static final long DEFAULT_BUDGET = 32L << 20;

    public static ConvPlan of(Conv2dShape s) { return of(s, DEFAULT_BUDGET); }

    public static ConvPlan of(Conv2dShape s, long budgetElements) {
        long perImage = (long) s.inC() * s.kH() * s.kW() * s.outH() * s.outW();
        long perImageMax = Math.max(perImage, (long) s.outC() * s.inPerGroup() * s.kH() * s.kW());  // weight-grad partials
        if (perImageMax > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv2d: one image needs a column matrix of " + perImage
                    + " values, more than 2^31-1, for " + s);
        }
        long byBudget = Math.max(1, budgetElements / Math.max(1, perImageMax));
        long byIndex = Integer.MAX_VALUE / Math.max(1, perImageMax);
        int chunk = (int) Math.max(1, Math.min(Math.max(1, s.batch()), Math.min(byBudget, byIndex)));
        return new ConvPlan(s, chunk);
    }

    /** Rows of the column matrix: inC * kH * kW. */
    public int kc() { return shape.inC() * shape.kH() * shape.kW(); }

    /** Rows of the column matrix that one channel group's product reads: kc() / groups. */
    public int groupKc() { return kc() / shape.groups(); }

    /** Output positions per image: outH * outW. */
    public int plane() { return shape.outH() * shape.outW(); }

    /** Values of one chunk's column matrix. */
    public int colElements() { return chunk * kc() * plane(); }
}
