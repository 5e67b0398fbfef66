package dev.dendrite.spark;

import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Opens a Spark context for training: quiet (no web UI, no console progress bar, log level WARN),
 * and for a cluster, with what its executors need to run Dendrite: the jars that hold the
 * classes named (shipped with spark.jars) and the JVM flags (Spark's --add-opens for Java 17, the
 * Vector API module for the java device).
 */
public final class SparkContexts {
    private SparkContexts() {}

    /**
     * The JVM flags that Spark 3.5 needs on Java 17 (the same list as its own launcher), the Vector
     * API, and the trap limit that keeps Java 17's C2 from compiling the vector code boxed (JitAdvice).
     */
    public static final String EXECUTOR_JAVA_OPTIONS = String.join(" ",
            "--add-modules jdk.incubator.vector", dev.dendrite.javadevice.JavaDevice.TRAP_LIMIT_FLAG,
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");

    /**
     * A context on {@code master} (see {@link SparkMasters#resolve}). {@code shipClassesOf}: classes
     * whose jars a cluster's executors need (the application's, Dendrite's); ignored in local mode.
     */
    public static JavaSparkContext open(String master, String appName, Class<?>... shipClassesOf) {
        String resolved = SparkMasters.resolve(master);
        SparkConf conf = new SparkConf()
                .setMaster(resolved)
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (SparkMasters.isLocal(resolved)) {
            // Nothing leaves this machine: bind to loopback, whatever the host name resolves to.
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            SparkMasters.checkReachable(resolved, 5000);
            conf.set("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
            List<String> jars = jarsOf(shipClassesOf);
            if (!jars.isEmpty()) conf.setJars(jars.toArray(new String[0]));
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }

    /** The jar files that hold these classes (plus Dendrite core's and this module's); directories are skipped. */
    static List<String> jarsOf(Class<?>... classes) {
        Set<String> out = new LinkedHashSet<>();
        List<Class<?>> all = new ArrayList<>(List.of(classes));
        all.add(SparkContexts.class);
        all.add(dev.dendrite.nn.Module.class);
        for (Class<?> c : all) {
            try {
                var source = c.getProtectionDomain().getCodeSource();
                if (source == null) continue;
                File f = new File(source.getLocation().toURI());
                if (f.isFile() && f.getName().endsWith(".jar")) out.add(f.getAbsolutePath());
            } catch (URISyntaxException | SecurityException e) {
                // not a file we can ship; the cluster must have the class already
            }
        }
        return new ArrayList<>(out);
    }
}
