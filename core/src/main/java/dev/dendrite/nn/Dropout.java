package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * While training, zeroes each element with probability p and scales the rest by 1/(1-p); in
 * eval mode passes the input through. Masks come from Philox under this layer's seed, at a
 * counter that advances by the number of elements each call, so a run is reproducible and a
 * resumed run (which restores seed and counter, see {@link Module#randomState()}) draws the masks
 * the uninterrupted run would have drawn.
 */
public class Dropout extends Module {
    public final float p;
    private long seed;
    private long counter;

    public Dropout(float p) {
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.seed = Init.nextSeed();
    }

    public Dropout() {
        this(0.5f);
    }

    @Override public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        if (p == 1f) return x.mul(0f);
        long offset = counter;
        // Round up to a whole Philox block (4 numbers) so consecutive calls never share a block.
        counter += (x.numel() + 3L) & ~3L;
        return x.dropout(p, seed, offset);
    }

    @Override protected long[] ownRandomState() { return new long[] {seed, counter}; }

    @Override protected void setOwnRandomState(long seed, long counter) {
        this.seed = seed;
        this.counter = counter;
    }

    @Override protected String extraRepr() {
        return "p=" + p + ", inplace=False";
    }
}
