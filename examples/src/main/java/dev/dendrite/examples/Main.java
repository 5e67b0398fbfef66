package dev.dendrite.examples;

import dev.dendrite.config.Setting;
import dev.dendrite.io.FileFormatException;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.train.NonFiniteLossException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point behind {@code ./dendrite}: picks the example named by the first argument and
 * runs it with the remaining flags. A {@link UserError} (a bad flag, missing data, a device that
 * is not here, an --out that cannot be written), a loss that went NaN, or a checkpoint that does
 * not fit prints one line and exits non-zero; anything else is a bug and shows its trace.
 */
public final class Main {

    static final List<Example> EXAMPLES =
            List.of(new FashionCnn(), new Mlp(), new Autoencoder(), new CharLstm(), new CharGpt(), new Xor());

    /**
     * The library logs its choices (which matmul kernel, which OpenCL rung) at INFO; the examples
     * print the device's description themselves, so they show only warnings unless
     * DENDRITE_VERBOSE is set. A static field: a logger nobody references can be collected, and
     * its level with it.
     */
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.dendrite");

    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen
        if (!Setting.VERBOSE.isOn()) LIBRARY_LOG.setLevel(Level.WARNING);
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (separate from main() so tests can call it). */
    static int run(String... args) {
        Map<String, Example> byName = new LinkedHashMap<>();
        for (Example e : EXAMPLES) byName.put(e.name(), e);
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(usage(byName));
            return 0;
        }
        Example example = byName.get(args[0]);
        if (example == null) {
            System.err.println("dendrite: unknown command '" + args[0] + "'; the commands are " + String.join(", ", byName.keySet()));
            return UserError.USAGE;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Options options = example.options();
        try {
            options.parse(rest);
            if (options.helpRequested()) {
                System.out.print(options.help());
                return 0;
            }
            Resume.prepare(options);                            // --resume: the run's own settings
            if (options.has("out")) OutputDir.check(options.out()); // now, not after an hour of training
            example.run(options);
            return 0;
        } catch (UserError e) {
            System.out.flush();
            System.err.println("dendrite " + example.name() + ": " + e.getMessage());
            if (e.pointsToHelp()) System.err.println("Run './dendrite " + example.name() + " --help' for its flags.");
            return e.exitCode();
        } catch (NonFiniteLossException e) {
            System.out.flush();
            System.err.println("dendrite " + example.name() + ": " + diverged(e, options));
            return 1;
        } catch (FileFormatException | UncheckedIOException e) {
            // A checkpoint that does not fit the model (--resume of another run): not a bug here.
            if (!(e instanceof FileFormatException || e.getCause() instanceof FileFormatException)) return bug(example, e);
            System.out.flush();
            System.err.println("dendrite " + example.name() + ": " + e.getMessage());
            return UserError.ENVIRONMENT;
        } catch (Exception e) {
            return bug(example, e);
        }
    }

    /** The advice for a loss that went NaN, in terms of the command line rather than the library's API. */
    static String diverged(NonFiniteLossException e, Options o) {
        String kept = "";
        Path last = o.out().resolve("last.safetensors");
        try {
            if (Files.isRegularFile(last)) {
                kept = "; " + last + " still holds epoch " + SafeTensors.readMetadata(last).get("epochs_done") + ", the last good one";
            }
        } catch (IOException ignored) {
            // nothing to point to
        }
        return String.format(Locale.ROOT, "%s with learning rate %s: the weights have diverged. Try a smaller --lr"
                + " (say a tenth)%s; --on-nan continue trains on regardless", e.where(), e.lr(), kept);
    }

    /** Anything else is a bug: the trace is for whoever fixes it. */
    private static int bug(Example example, Exception e) {
        System.out.flush();
        System.err.println("dendrite " + example.name() + " failed:");
        e.printStackTrace();
        return 1;
    }

    private static String usage(Map<String, Example> byName) {
        StringBuilder sb = new StringBuilder("Usage: ./dendrite COMMAND [flags]\n\nCommands:\n");
        for (Example e : byName.values()) sb.append(String.format("  %-12s %s%n", e.name(), e.summary()));
        sb.append("\nRun './dendrite COMMAND --help' for a command's flags and their defaults.\n");
        return sb.toString();
    }
}
