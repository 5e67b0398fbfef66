package dev.dendrite.examples;

import dev.dendrite.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line flags of one example: the shared ones (--device, --epochs, --batch, --lr,
 * --seed, --data, --out, --resume, --on-nan) plus any the example adds, each with a default and a
 * line of help.
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
        /** a run to continue: its --out directory, or a checkpoint file; unset by default */
        RUN("DIR", "a run's --out directory or a checkpoint file"),
        /** what a NaN or infinite loss does */
        ON_NAN("stop|continue", "stop or continue"),
        /** on or off: {@code --tie} alone means true; {@code --tie=false} or {@code --tie false} turns it off */
        SWITCH("", "true or false"),
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
        boolean given; // on the command line, not a default

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
        o.add("device", defaultDevice(), Kind.DEVICE, "java, opencl, cuda or auto (a GPU if there is one, else java)");
        o.add("epochs", "1", Kind.COUNT, "passes over the training data");
        o.add("batch", "32", Kind.COUNT, "examples per training step");
        o.add("lr", "0.001", Kind.POSITIVE, "learning rate");
        o.add("seed", "42", Kind.INTEGER, "seed for initial weights, shuffling and dropout");
        o.add("data", FASHION_MNIST_DIR, Kind.PATH, "directory with the Fashion-MNIST IDX files");
        o.add("out", "runs/" + command, Kind.PATH, "where checkpoints, images and logs go");
        o.add("resume", "", Kind.RUN, "continue the run in DIR (its --out) from its last checkpoint, with its settings");
        o.add("on-nan", "stop", Kind.ON_NAN, "what a NaN or infinite loss does: stop with a message, or continue");
        return o;
    }

    private static String defaultDevice() {
        return Setting.DEVICE.value().toLowerCase(Locale.ROOT);
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
            if (value == null && flag.kind == Kind.SWITCH) {
                // A switch takes a following true/false, and means true alone.
                boolean explicit = i + 1 < args.length && List.of("true", "false").contains(args[i + 1].toLowerCase(Locale.ROOT));
                value = explicit ? args[++i] : "true";
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw UserError.usage("--" + name + " needs a value: " + flag.kind.expected);
                }
                value = args[++i];
            }
            check(flag, value);
            flag.value = value;
            flag.given = true;
        }
        for (Flag f : flags.values()) if (!f.value.isEmpty()) check(f, f.value); // defaults from the environment too
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
        String problem = problem(flag.kind, value);
        if (problem != null) throw UserError.usage("--" + flag.name + ": " + problem);
    }

    /** What is wrong with {@code value} for a flag of this kind, or null when it is fine. */
    private static String problem(Kind kind, String value) {
        String v = value.trim();
        if ((kind == Kind.COUNT || kind == Kind.INTEGER) && v.matches("[-+]?\\d+")) {
            // Whole numbers: say "too large" rather than "not a number" for 99999999999.
            long max = kind == Kind.COUNT ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (!parsesAsLong(v) || Long.parseLong(v) > max) {
                return v.startsWith("-") ? "'" + value + "' is too small; expected " + kind.expected
                        : "'" + value + "' is too large; the most is " + max;
            }
        }
        boolean ok;
        switch (kind) {
            case COUNT -> ok = parsesAsLong(v) && Long.parseLong(v) >= 1;
            case INTEGER -> ok = parsesAsLong(v);
            case POSITIVE -> ok = parsesAsDouble(v) && Double.parseDouble(v) > 0;
            case FRACTION -> ok = parsesAsDouble(v) && Double.parseDouble(v) >= 0 && Double.parseDouble(v) < 1;
            case DEVICE -> ok = List.of("java", "opencl", "cuda", "auto").contains(v.toLowerCase(Locale.ROOT));
            case ON_NAN -> ok = List.of("stop", "continue").contains(v.toLowerCase(Locale.ROOT));
            case SWITCH -> ok = List.of("true", "false").contains(v.toLowerCase(Locale.ROOT));
            default -> ok = !v.isEmpty();
        }
        if (ok) return null;
        String what = kind == Kind.DEVICE ? "unknown device '" + value + "'" : "bad value '" + value + "'";
        return what + "; expected " + kind.expected;
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

    /** True when this example has the flag (xor has no --out). */
    public boolean has(String name) {
        return flags.containsKey(name);
    }

    /** True when the command line gave the flag, false when it holds its default. */
    public boolean given(String name) {
        return flag(name).given;
    }

    /**
     * The settings of a run, by flag name: every flag but --out and --resume, paths made absolute
     * (a run may be resumed from another directory). Saved with checkpoints, so that --resume can
     * continue with them.
     */
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Flag f : flags.values()) {
            if (f.name.equals("out") || f.kind == Kind.RUN) continue;
            out.put(f.name, f.kind == Kind.PATH ? absolute(f.value) : f.value.trim());
        }
        return out;
    }

    private static String absolute(String path) {
        return Path.of(path.trim()).toAbsolutePath().normalize().toString();
    }

    /**
     * Sets a flag the command line did not give, from elsewhere (a checkpoint's settings);
     * {@code source} names where the value came from when it does not fit.
     */
    public void adopt(String name, String value, String source) {
        Flag f = flag(name);
        String problem = problem(f.kind, value);
        if (problem != null) throw UserError.environment(source + ": " + problem);
        f.value = value;
    }

    /** True when two values mean the same for this flag: 0.001 and 1e-3, OpenCL and opencl. */
    public boolean sameValue(String name, String a, String b) {
        return switch (flag(name).kind) {
            case COUNT, INTEGER, POSITIVE, FRACTION -> parsesAsDouble(a.trim()) && parsesAsDouble(b.trim())
                    && Double.parseDouble(a.trim()) == Double.parseDouble(b.trim());
            case PATH -> absolute(a).equals(absolute(b));
            default -> a.trim().equalsIgnoreCase(b.trim());
        };
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

    /** The value of a {@link Kind#SWITCH} flag. */
    public boolean isOn(String name) {
        return value(name).equalsIgnoreCase("true");
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
            String left = "  --" + f.name + (f.kind.metavar.isEmpty() ? "" : " " + f.kind.metavar);
            String dflt = f.value.isEmpty() ? "not set" : "default " + f.value;
            sb.append(String.format(Locale.ROOT, "%-24s %s (%s)%n", left, f.help, dflt));
        }
        return sb.toString();
    }

    /** One line naming the settings of this run, for logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Flag f : flags.values()) {
            if (f.kind == Kind.PATH || f.kind == Kind.RUN) continue;
            if (sb.length() > 0) sb.append(", ");
            sb.append(f.name).append('=').append(f.value.trim());
        }
        return sb.toString();
    }
}
