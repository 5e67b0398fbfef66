package dev.dendrite.train;

import java.util.Locale;

/**
 * The training loss became NaN or infinite: the weights have diverged, and every step after this
 * one would only spread the damage. The {@link Trainer} stops and throws this (unless told
 * {@link Trainer#stopOnNonFiniteLoss(boolean) not to}) before it writes another checkpoint, so the
 * checkpoints on disk still hold the last good epoch. The usual cause is a learning rate that is
 * too high; gradient clipping helps too.
 */
public class NonFiniteLossException extends ArithmeticException {
    private final long step;
    private final int epoch;
    private final int batch;
    private final int batches;
    private final float value;
    private final float lr;

    /**
     * @param step the global step, counted from 1 over the whole run
     * @param epoch the epoch, counted from 1; {@code batch} of {@code batches} is the step within it
     */
    public NonFiniteLossException(long step, int epoch, int batch, int batches, float value, float lr) {
        super(where(step, epoch, batch, batches, value) + String.format(Locale.ROOT, ", learning rate %s: the weights have"
                + " diverged. Lower the learning rate, or clip gradients (Trainer.clipGradNorm);"
                + " Trainer.stopOnNonFiniteLoss(false) trains on regardless", lr));
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        this.value = value;
        this.lr = lr;
    }

    public long step() { return step; }

    public int epoch() { return epoch; }

    public int batch() { return batch; }

    public int batches() { return batches; }

    /** NaN, or positive or negative infinity. */
    public float value() { return value; }

    /** The learning rate of that step. */
    public float lr() { return lr; }

    /** What and where, for a caller that writes its own advice: "the loss is NaN at step 12 (epoch 1, batch 12 of 938)". */
    public String where() {
        return where(step, epoch, batch, batches, value);
    }

    private static String where(long step, int epoch, int batch, int batches, float value) {
        return String.format(Locale.ROOT, "the loss is %s at step %d (epoch %d, batch %d of %d)", value, step, epoch, batch, batches);
    }
}
