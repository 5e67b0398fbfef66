package dev.dendrite.train;

import dev.dendrite.io.AtomicFiles;
import dev.dendrite.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The two checkpoints a {@link Trainer} keeps in its directory, and keeping them consistent.
 *
 * <p>After every epoch the trainer writes {@code last.safetensors}, then, if the epoch improved,
 * {@code best.safetensors}; each write is atomic, but a run killed between the two leaves
 * {@code best} an epoch behind. {@code last} records which epoch {@code best} should hold
 * ("best_epoch"), so a resumed run finds the gap and closes it by copying {@code last}, which holds
 * exactly that epoch. A process killed mid-write also leaves a temporary file behind; the next run
 * deletes those.
 */
final class CheckpointFiles {
    static final String LAST = "last.safetensors";
    static final String BEST = "best.safetensors";

    private CheckpointFiles() {}

    /** Deletes temporary files of killed writes; says so through {@code say} when there were any. */
    static void removeLeftovers(Path dir, Consumer<String> say) {
        try {
            int removed = AtomicFiles.removeLeftovers(dir.resolve(LAST)) + AtomicFiles.removeLeftovers(dir.resolve(BEST));
            if (removed > 0) say.accept("removed " + removed + " temporary file(s) of an interrupted checkpoint write in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean up checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code dir/best.safetensors} hold the epoch that the checkpoint {@code resumed} (whose
     * state is {@code s}) names as the best. Only the latest epoch can be missing from it, and
     * {@code resumed} holds that epoch; an older gap cannot be mended and is reported.
     */
    static void repairBest(Path dir, Path resumed, Checkpoint.State s, Consumer<String> say) {
        if (s.bestEpoch() == 0) return; // a checkpoint from before best_epoch was recorded, or no best yet
        Path best = dir.resolve(BEST);
        int held = epochsDone(best);
        if (held == s.bestEpoch()) return;
        String was = held < 0 ? "was missing or unreadable" : "held epoch " + held;
        if (s.bestEpoch() != s.epochsDone()) {
            say.accept("warning: " + best + " " + was + ", but epoch " + s.bestEpoch() + " was the best; it is rewritten"
                    + " when the loss next improves");
            return;
        }
        try {
            AtomicFiles.copy(resumed, best);
        } catch (IOException e) {
            throw new UncheckedIOException("could not repair " + best + " from " + resumed + ": " + e.getMessage(), e);
        }
        say.accept("repaired " + best + ": it " + was + ", now epoch " + s.bestEpoch() + ", the best (the run"
                + " stopped between writing " + LAST + " and " + BEST + ")");
    }

    /** The epochs done recorded in a checkpoint, or -1 when the file is missing or unreadable. */
    private static int epochsDone(Path file) {
        if (!Files.isRegularFile(file)) return -1;
        try {
            return Metadata.integer(SafeTensors.readMetadata(file), "epochs_done");
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
