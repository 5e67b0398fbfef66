package dev.dendrite.optim;

/**
 * A learning rate as a function of time {@code t} (epochs or steps, whichever the caller counts)
 * and the base rate, PyTorch's schedulers written as formulas. Stateless: the trainer sets
 * {@code optimizer.setLr(schedule.lr(baseLr, t))} before each epoch (or step), so a resumed
 * run, which knows t, gets exactly the rate the uninterrupted one had.
 */
@FunctionalInterface
public interface LrSchedule {
    float lr(float baseLr, long t);

    /** The base rate throughout. */
    static LrSchedule constant() {
        return (base, t) -> base;
    }

    /** StepLR: {@code base * gamma^(t / stepSize)} (integer division). */
    static LrSchedule step(long stepSize, float gamma) {
        if (stepSize <= 0) throw new IllegalArgumentException("LrSchedule.step: stepSize must be positive, got " + stepSize);
        return (base, t) -> (float) (base * Math.pow(gamma, t / stepSize));
    }

    /**
     * CosineAnnealingLR: {@code minLr + (base - minLr) * (1 + cos(pi * t / tMax)) / 2}, from base at
     * t = 0 to minLr at t = tMax; held at minLr afterwards.
     */
    static LrSchedule cosine(long tMax, float minLr) {
        if (tMax <= 0) throw new IllegalArgumentException("LrSchedule.cosine: tMax must be positive, got " + tMax);
        return (base, t) -> {
            long tc = Math.min(t, tMax);
            return (float) (minLr + (base - minLr) * (1 + Math.cos(Math.PI * tc / tMax)) / 2);
        };
    }

    /**
     * Linear warm-up (LinearLR) followed by {@code after}: for t below {@code warmup} the rate
     * climbs linearly from {@code startFactor * base} to base; from then on it is
     * {@code after.lr(base, t - warmup)}.
     */
    static LrSchedule warmup(long warmup, float startFactor, LrSchedule after) {
        if (warmup <= 0) throw new IllegalArgumentException("LrSchedule.warmup: warmup must be positive, got " + warmup);
        if (!(startFactor > 0f && startFactor <= 1f)) {
            throw new IllegalArgumentException("LrSchedule.warmup: startFactor must be in (0, 1], got " + startFactor);
        }
        return (base, t) -> t < warmup
                ? (float) (base * (startFactor + (1.0 - startFactor) * t / warmup))
                : after.lr(base, t - warmup);
    }
}
