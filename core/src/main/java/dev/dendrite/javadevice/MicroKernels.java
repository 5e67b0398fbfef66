package dev.dendrite.javadevice;

/**
 * Chooses the matmul micro-kernel, the max-pool loop and the row loops once: the Vector API versions when the
 * jdk.incubator.vector module is present (Lucene picks its vector provider the same way), the
 * scalar ones otherwise. Vector classes are loaded by name, so a JVM without the module never
 * links against incubator classes.
 */
final class MicroKernels {
    private MicroKernels() {}

    private static final System.Logger LOG = System.getLogger("dev.dendrite.javadevice");
    private static volatile boolean logged;

    static MicroKernel scalar() { return new ScalarMicroKernel(); }

    /** The Vector API kernel; only call when {@link JavaDevice#vectorApiAvailable()}. */
    static MicroKernel vector() {
        return load(MicroKernel.class, "VectorMicroKernel", "micro-kernel");
    }

    /**
     * The second Vector API kernel ({@link VectorMicroKernel12}), or null where the machine's vectors
     * are too short for it; only call when {@link JavaDevice#vectorApiAvailable()}.
     */
    static MicroKernel vectorAlternate() {
        try {
            Class<?> c = Class.forName("dev.dendrite.javadevice.VectorMicroKernel12");
            if (!(boolean) c.getDeclaredMethod("fits").invoke(null)) return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("java device: cannot load the Vector API micro-kernel", e);
        }
        return load(MicroKernel.class, "VectorMicroKernel12", "micro-kernel");
    }

    /** The Vector API row loops; only call when {@link JavaDevice#vectorApiAvailable()}. */
    static RowKernels vectorRows() {
        return load(RowKernels.class, "VectorRowKernels", "row loops");
    }

    /** The Vector API max-pool forward; only call when {@link JavaDevice#vectorApiAvailable()}. */
    static MaxPoolForward vectorMaxPool() {
        return load(MaxPoolForward.class, "VectorMaxPool", "max-pool");
    }

    private static <T> T load(Class<T> type, String className, String what) {
        try {
            return type.cast(Class.forName("dev.dendrite.javadevice." + className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("java device: cannot load the Vector API " + what, e);
        }
    }

    /**
     * Logs the first device's choice, once per JVM: at DEBUG (a library prints nothing by default),
     * and one WARNING when the Vector API module is missing, since the scalar path it falls back
     * to is several times slower and nothing else would tell the user why; one more when the JVM
     * lacks the flag {@link JitAdvice} asks for.
     */
    static void logChoice(MicroKernel kernel, int threads) {
        if (logged) return;
        logged = true;
        LOG.log(System.Logger.Level.DEBUG, "dendrite java device: " + kernel.description() + ", "
                + threads + (threads == 1 ? " thread" : " threads"));
        if (!JavaDevice.vectorApiAvailable()) LOG.log(System.Logger.Level.WARNING, MISSING_VECTOR_MODULE);
        JitAdvice.forThisJvm().ifPresent(advice -> LOG.log(System.Logger.Level.WARNING, advice));
    }

    static final String MISSING_VECTOR_MODULE = "dendrite java device: the module jdk.incubator.vector is not "
            + "present, so matmul and convolution take the scalar path (several times slower); run java with "
            + "--add-modules jdk.incubator.vector";
}
