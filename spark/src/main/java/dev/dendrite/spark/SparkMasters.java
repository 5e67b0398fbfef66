package dev.dendrite.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Spark master URL the way a user types it and says plainly what is wrong with a bad one,
 * before Spark spends a minute retrying. {@code local[N]} becomes {@code local[N,4]}: in local
 * mode Spark gives a failed task no second attempt unless the URL asks for it, and a cluster's
 * default is 4 attempts (spark.task.maxFailures), so local runs recover from a failed task as a
 * cluster does.
 */
public final class SparkMasters {
    private SparkMasters() {}

    /** Attempts per task in local mode, as spark.task.maxFailures' default on a cluster. */
    public static final int LOCAL_ATTEMPTS = 4;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,([1-9][0-9]*))?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^/:,\\s]+):([0-9]{1,5})");

    /**
     * The URL to give Spark. Accepted: {@code local}, {@code local[N]}, {@code local[*]},
     * {@code local[N,F]}, {@code spark://host:port} (a standalone cluster; its master must
     * answer on that port), {@code yarn}, {@code k8s://...}.
     *
     * @throws IllegalArgumentException with the reason and the accepted forms
     */
    public static String resolve(String master) {
        if (master == null || master.isBlank()) throw bad(String.valueOf(master), "it is empty");
        String m = master.trim();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            String threads = local.group(1) == null ? "1" : local.group(1);
            String attempts = local.group(2) == null ? Integer.toString(LOCAL_ATTEMPTS) : local.group(2);
            return "local[" + threads + "," + attempts + "]";
        }
        if (m.startsWith("local")) throw bad(m, "local takes a thread count, as local[2] or local[*]");
        if (m.startsWith("spark://")) {
            for (String hostPort : m.substring("spark://".length()).split(",")) {
                Matcher s = STANDALONE.matcher("spark://" + hostPort);
                if (!s.matches()) throw bad(m, "'" + hostPort + "' is not host:port");
                int port = Integer.parseInt(s.group(2));
                if (port < 1 || port > 65535) throw bad(m, "port " + port + " is not between 1 and 65535");
            }
            return m;
        }
        if (m.equals("yarn") || m.startsWith("k8s://")) return m;
        throw bad(m, "it is not a Spark master URL");
    }

    /** True for the URLs that run Spark inside this JVM. */
    public static boolean isLocal(String resolved) {
        return resolved.startsWith("local");
    }

    /**
     * For a standalone cluster: fails fast, naming the master, when none of its host:port pairs
     * accepts a connection within {@code timeoutMillis} (Spark itself would retry for a minute).
     */
    public static void checkReachable(String resolved, int timeoutMillis) {
        if (!resolved.startsWith("spark://")) return;
        String why = null;
        for (String hostPort : resolved.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                return;
            } catch (IOException e) {
                why = hostPort + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException("cannot reach the Spark master " + resolved + " (" + why
                + "); is the cluster up (sbin/start-master.sh) and is the port the one in its web UI?");
    }

    private static IllegalArgumentException bad(String master, String why) {
        return new IllegalArgumentException("bad Spark master '" + master + "': " + why + ". Use local[N] (N worker threads"
                + " in this process), spark://host:port (a standalone cluster), yarn, or k8s://https://host:port");
    }
}
