package dev.dendrite.data;

/**
 * The order of examples in an epoch: a Fisher-Yates shuffle driven by SplitMix64 seeded from
 * (seed, epoch). Written out rather than borrowed from java.util.Random so the order is fixed by
 * this file alone: the same seed gives the same batches on every JVM, and a resumed run sees the
 * epochs the uninterrupted one would have seen.
 */
final class Shuffle {
    private Shuffle() {}

    static int[] permutation(int n, long seed, long epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long state = mix(seed ^ mix(epoch + 0x632BE59BD9B4E019L));
        for (int i = n - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            // Lemire's multiply-shift maps 32 random bits onto [0, i] with negligible bias for n < 2^31.
            long r = (mix(state) >>> 32) * (i + 1L) >>> 32;
            int j = (int) r;
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** SplitMix64's output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
