package dev.dendrite.examples;

import dev.dendrite.train.ProgressBar;
import dev.dendrite.train.Trainer;
import java.nio.file.Path;

/**
 * The {@link Trainer} of the examples that use one: a progress bar on the console, checkpoints into --out, carrying the run's
 * settings for --resume; starts from --resume's checkpoint; stops on a NaN loss unless
 * {@code --on-nan continue}.
 */
public final class ExampleTrainer {
    private ExampleTrainer() {}

    public static Trainer create(Options o) {
        Trainer trainer = new Trainer().progress(ProgressBar.console()).checkpointDir(o.out()).checkpointMetadata(Resume.metadata(o))
                .stopOnNonFiniteLoss(o.value("on-nan").equalsIgnoreCase("stop"));
        Path resume = Resume.checkpoint(o);
        return resume != null ? trainer.resumeFrom(resume) : trainer;
    }
}
