package dev.dendrite.examples;

import dev.dendrite.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --resume DIR}: continue a run from its last checkpoint as if it had never stopped.
 *
 * <p>Every checkpoint an example writes carries the run's settings (metadata "flag.epochs" = "3",
 * ...). Resuming takes them for every flag the command line leaves out, so
 * {@code ./dendrite train --resume runs/train} needs nothing else, and writes its checkpoints back
 * into DIR unless --out says otherwise. A flag that shapes the run (--batch, --lr, --seed, the
 * model's sizes) must not contradict the checkpoint: the continued run would then match neither
 * the old run nor a new one. Only those below may change.
 */
public final class Resume {
    /** The prefix of the settings in a checkpoint's metadata. */
    static final String PREFIX = "flag.";

    /** Flags a resumed run may change: more (or fewer) epochs, another device, and what only prints. */
    static final Set<String> MAY_CHANGE = Set.of("epochs", "device", "on-nan", "sample-every", "sample", "temperature");

    private Resume() {}

    /** The checkpoint --resume names (DIR/last.safetensors, or the file itself), or null without --resume. */
    public static Path checkpoint(Options o) {
        if (!o.has("resume") || o.value("resume").isEmpty()) return null;
        Path given = o.path("resume");
        Path file = Files.isDirectory(given) ? given.resolve("last.safetensors") : given;
        if (!Files.isRegularFile(file)) {
            throw UserError.environment("--resume " + given + ": " + (Files.isDirectory(given)
                    ? "there is no last.safetensors in it; a run writes one at the end of each epoch (did it stop in its first?)"
                    : "no such file or directory"));
        }
        return file;
    }

    /** What to save in each checkpoint so that --resume can continue the run. */
    public static Map<String, String> metadata(Options o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.settings().forEach((k, v) -> out.put(PREFIX + k, v));
        return out;
    }

    /**
     * With --resume, before the run: adopts the checkpoint's settings for the flags not given,
     * refuses given ones that contradict it, points --out at the run's directory unless given,
     * and says what it continues.
     */
    public static void prepare(Options o) {
        Path file = checkpoint(o);
        if (file == null) return;
        Map<String, String> metadata;
        try {
            metadata = SafeTensors.readMetadata(file);
        } catch (IOException e) {
            throw UserError.environment("--resume: cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> adopted = new ArrayList<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) continue;
            String name = e.getKey().substring(PREFIX.length());
            if (!o.has(name)) continue; // a flag this example no longer has
            String saved = e.getValue();
            if (!o.given(name)) {
                o.adopt(name, saved, file + ": metadata '" + e.getKey() + "'");
                adopted.add(name + "=" + saved);
            } else if (!MAY_CHANGE.contains(name) && !o.sameValue(name, o.value(name), saved)) {
                throw UserError.usage("--" + name + " " + o.value(name) + " contradicts the run being resumed, which has "
                        + name + "=" + saved + " (" + file + "); leave --" + name + " out, or start a new run with another --out");
            }
        }
        if (!o.given("out")) o.adopt("out", file.getParent() != null ? file.getParent().toString() : ".", "--resume");
        String done = metadata.getOrDefault("epochs_done", "?");
        System.out.println("continuing " + file + " (" + done + " epoch(s) done)"
                + (adopted.isEmpty() ? "" : " with its settings: " + String.join(", ", adopted)));
    }
}
