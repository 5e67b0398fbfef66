package dev.dendrite.examples;

import dev.dendrite.train.EpochMetrics;
import dev.dendrite.train.History;
import java.util.Locale;

/** The "time per epoch" line that ./dendrite compare reads from the examples' output. */
final class EpochTime {
    private EpochTime() {}

    /** Mean seconds of the training passes (no evaluation) over the epochs of {@code history}. */
    static void print(History history) {
        double seconds = 0;
        for (EpochMetrics m : history.epochs()) seconds += m.seconds();
        System.out.printf(Locale.ROOT, "%ntime per epoch: %.2f s (training only, mean of %d)%n",
                seconds / history.size(), history.size());
    }
}
