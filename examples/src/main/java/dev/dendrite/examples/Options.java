package dev.dendrite.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line flags of one example: the shared ones (--device, --epochs, --batch, --lr,
 * --seed, --data, --out) plus any the example adds, each with a default and a line of help.
 *
 * <pre>
 * Options o = Options.forCommand("train", "a CNN on Fashion-MNIST")
 *         .set("epochs", "10").set("batch", "64")
 *         .add("dropout", "0.5", Kind.FRACTION, "dropout probability after the dense layer")
 *         .parse(args);
 * int epochs = o.epochs();
 * </pre>
 *
 * Flags are written {@code --name value} or {@code --name=value}. Every value is checked when the
 * command line is parsed, so a typo stops the run before any work starts, with a {@link UserError}
 * that names the flag and what it expects.
 */
public final class Options {

    /** What a flag's value must be. */
    public enum Kind {
        /** a whole number >= 1 (epochs, batch size, layer widths) */
        COUNT("N", "a whole number of at least 1"),
        /** any whole number (seeds) */
        INTEGER("N", "a whole number"),
        /** a number > 0 (learning rates) */
        POSITIVE("X", "a number greater than 0"),
        /** a number in [0, 1) (dropout probabilities) */
        FRACTION("P", "a number from 0 up to (not including) 1"),
        /** one of the device names */
        DEVICE("NAME", "one of java, opencl, cuda, auto"),
        /** a file or directory */
        PATH("PATH", "a path"),
        /** any text */
        TEXT("TEXT", "text");

        final String metavar;
        final String expected;

        Kind(String metavar, String expected) {
            this.metavar = metavar;
            this.expected = expected;
        }
    }

    private static final class Flag {
        final String name;
        final Kind kind;
        final String help;
        String value;

        Flag(String name, String value, Kind kind, String help) {
            this.name = name;
            this.value = value;
            this.kind = kind;
            this.help = help;
        }
    }

    /** The default of --data: where Debian's dataset-fashion-mnist puts its files. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

    private final String command;
    private final String summary;
    private final Map<String, Flag> flags = new LinkedHashMap<>();
    private boolean helpRequested;

    private Options(String command, String summary) {
        this.command = command;
        this.summary = summary;
    }

    /** The shared flags with generic defaults; an example changes them with {@link #set}. */
    public static Options forCommand(String command, String summary) {
        Options o = new Options(command, summary);
        o.add("device", defaultDevice(), Kind.DEVICE, "java, opencl, cuda or auto (the best one available)");
        o.add("epochs", "1", Kind.COUNT, "passes over the training data");
        o.add("batch", "32", Kind.COUNT, "examples per training step");
        o.add("lr", "0.001", Kind.POSITIVE, "learning rate");
        o.add("seed", "42", Kind.INTEGER, "seed for initial weights, shuffling and dropout");
        o.add("data", FASHION_MNIST_DIR, Kind.PATH, "directory with the Fashion-MNIST IDX files");
        o.add("out", "runs/" + command, Kind.PATH, "where checkpoints, images and logs go");
        return o;
    }

    private static String defaultDevice() {
        String env = System.getenv("DENDRITE_DEVICE");
        return env == null || env.isBlank() ? "java" : env.trim().toLowerCase(Locale.ROOT);
    }

    /** Adds a flag of this example. */
    public Options add(String name, String defaultValue, Kind kind, String help) {
        if (flags.containsKey(name)) throw new IllegalArgumentException("flag --" + name + " is defined twice");
        flags.put(name, new Flag(name, defaultValue, kind, help));
        return this;
    }

    /** Changes the default of a flag that exists. */
    public Options set(String name, String defaultValue) {
        flag(name).value = defaultValue;
        return this;
    }

    /** Drops a shared flag this example has no use for (xor has no --data), so it is not offered. */
    public Options remove(String name) {
        if (flags.remove(name) == null) throw new IllegalArgumentException("no flag --" + name);
        return this;
    }

    /**
     * Reads the command line. Afterwards the getters return the user's values, or the defaults.
     * {@code --help} or {@code -h} anywhere sets {@link #helpRequested()} instead of failing.
     *
     * @throws UserError (usage) on an unknown flag, a missing value or a value of the wrong kind
     */
    public Options parse(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                helpRequested = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw UserError.usage("unexpected argument '" + arg + "': flags look like --epochs 3");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = flags.get(name);
            if (flag == null) throw UserError.usage(unknownFlag(name));
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw UserError.usage("--" + name + " needs a value: " + flag.kind.expected);
                }
                value = args[++i];
            }
            check(flag, value);
            flag.value = value;
        }
        for (Flag f : flags.values()) check(f, f.value); // defaults from the environment too
        return this;
    }

    private String unknownFlag(String name) {
        String best = null;
        int bestDistance = 3; // suggest only close matches
        for (String known : flags.keySet()) {
            int d = editDistance(name, known);
            if (d < bestDistance || (known.startsWith(name) && best == null)) {
                best = known;
                bestDistance = Math.min(d, bestDistance);
            }
        }
        String msg = "unknown flag --" + name;
        return best != null ? msg + "; did you mean --" + best + "?" : msg + "; the flags are " + names();
    }

    private String names() {
        List<String> names = new ArrayList<>();
        for (String n : flags.keySet()) names.add("--" + n);
        return String.join(", ", names);
    }

    private static void check(Flag flag, String value) {
        String v = value.trim();
        boolean ok;
        switch (flag.kind) {
            case COUNT -> ok = parsesAsLong(v) && Long.parseLong(v) >= 1 && Long.parseLong(v) <= Integer.MAX_VALUE;
            case INTEGER -> ok = parsesAsLong(v);
            case POSITIVE -> ok = parsesAsDouble(v) && Double.parseDouble(v) > 0;
            case FRACTION -> ok = parsesAsDouble(v) && Double.parseDouble(v) >= 0 && Double.parseDouble(v) < 1;
            case DEVICE -> ok = List.of("java", "opencl", "cuda", "auto").contains(v.toLowerCase(Locale.ROOT));
            default -> ok = !v.isEmpty();
        }
        if (!ok) {
            String what = flag.kind == Kind.DEVICE ? "unknown device '" + value + "'" : "bad value '" + value + "'";
            throw UserError.usage("--" + flag.name + ": " + what + "; expected " + flag.kind.expected);
        }
    }

    private static boolean parsesAsLong(String v) {
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parsesAsDouble(String v) {
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Levenshtein distance, for "did you mean" on a mistyped flag. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Flag flag(String name) {
        Flag f = flags.get(name);
        if (f == null) throw new IllegalArgumentException("no flag --" + name + " in " + command);
        return f;
    }

    // ---- values ---------------------------------------------------------------------------------

    public boolean helpRequested() {
        return helpRequested;
    }

    public String command() {
        return command;
    }

    public String value(String name) {
        return flag(name).value.trim();
    }

    public int intValue(String name) {
        return (int) Long.parseLong(value(name));
    }

    public long longValue(String name) {
        return Long.parseLong(value(name));
    }

    public float floatValue(String name) {
        return Float.parseFloat(value(name));
    }

    public Path path(String name) {
        return Path.of(value(name));
    }

    public String device() {
        return value("device").toLowerCase(Locale.ROOT);
    }

    public int epochs() {
        return intValue("epochs");
    }

    public int batch() {
        return intValue("batch");
    }

    public float lr() {
        return floatValue("lr");
    }

    public long seed() {
        return longValue("seed");
    }

    public Path data() {
        return path("data");
    }

    public Path out() {
        return path("out");
    }

    /** The help text: summary, then every flag with its default. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ./dendrite ").append(command).append(" [flags]\n\n").append(summary).append("\n\nFlags:\n");
        for (Flag f : flags.values()) {
            String left = "  --" + f.name + " " + f.kind.metavar;
            sb.append(String.format(Locale.ROOT, "%-24s %s (default %s)%n", left, f.help, f.value));
        }
        return sb.toString();
    }

    /** One line naming the settings of this run, for logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Flag f : flags.values()) {
            if (f.kind == Kind.PATH) continue;
            if (sb.length() > 0) sb.append(", ");
            sb.append(f.name).append('=').append(f.value.trim());
        }
        return sb.toString();
    }
}
