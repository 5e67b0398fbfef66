package dev.dendrite.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./dendrite bench}.
 *
 * @param quick   smaller plan and fewer repetitions: under two minutes
 * @param out     where to write benchmarks.md and benchmarks.svg; null: print only
 * @param devices device names to run; empty: every device on the class path
 * @param help    print usage and exit
 */
public record BenchOptions(boolean quick, Path out, List<String> devices, boolean help) {

    public static final String USAGE = """
            Usage: ./dendrite bench [--quick] [--out DIR] [--device NAME[,NAME...]]

            Times SGEMM (every matmul rung), elementwise add bandwidth, conv2d forward and backward for
            the Fashion-MNIST CNN's layers, softmax and one full training step of that CNN on every
            available device, and prints one table with each figure in GFLOP/s or GB/s and as a
            percentage of this machine's peaks, which it measures first.

              --quick          fewer sizes and repetitions; finishes in under two minutes
              --out DIR        also write DIR/benchmarks.md (the table) and DIR/benchmarks.svg (a chart)
              --device LIST    only these devices (java, opencl, cuda), comma-separated
              --help           this text
            """;

    /** Parses the arguments; a bad one gives an IllegalArgumentException whose message is meant for the user. */
    public static BenchOptions parse(String... args) {
        boolean quick = false, help = false;
        Path out = null;
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--device", "--devices" -> {
                    for (String name : value(args, ++i, a).split(",")) {
                        if (!name.isBlank()) devices.add(name.trim().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new BenchOptions(quick, out, List.copyOf(devices), help);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }
}
