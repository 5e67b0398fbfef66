package dev.dendrite.javadevice;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * One JVM flag the java device wants on JDK 17: {@code -XX:PerMethodTrapLimit=100000}.
 *
 * <p>On JDK 17 every Vector API call is a virtual call that C2 inlines on the strength of a type
 * profile, guarded by a class check that traps if it ever fails. Once 100 such traps have happened
 * in one method (PerMethodTrapLimit, summed over all it inlined), C2 stops guarding: it compiles the
 * method again with real virtual calls beside the inlined ones, the vector species is then no longer
 * a constant, and the store intrinsics fail ({@code -XX:+PrintIntrinsics}: "missing constant:
 * vclass=DecodeN"). Every vector stored is then boxed on the heap, for the rest of the run. Which
 * runs cross the limit depends on compilation timing: two of three GPT runs here did (23 GB of
 * boxes an epoch, 30-37 s against 24-28 s). A higher limit keeps the guards; with it, eight of eight
 * runs kept every vector intrinsic. JDK 25 needs no flag (its runs were clean without it).
 *
 * <p>A library cannot set a JVM flag, so the device says once, at WARNING, what to add.
 */
final class JitAdvice {
    private JitAdvice() {}

    /** The limit below which the advice is given (the JVM's default is 100). */
    static final long ENOUGH_TRAPS = 10_000;

    /**
     * The advice for a JVM of this feature version, with or without the Vector API, whose
     * PerMethodTrapLimit is {@code trapLimit} (empty when the flag is unknown: not HotSpot).
     */
    static Optional<String> advice(int javaFeature, boolean vectorApi, Optional<Long> trapLimit) {
        if (!vectorApi || javaFeature >= 25 || trapLimit.isEmpty() || trapLimit.get() >= ENOUGH_TRAPS) {
            return Optional.empty();
        }
        return Optional.of("dendrite java device: on Java " + javaFeature + ", run java with " + JavaDevice.TRAP_LIMIT_FLAG
                + " (now " + trapLimit.get() + "): without it, C2 may compile the Vector API code boxed for the"
                + " whole run, up to 1.4x slower (docs/ARCHITECTURE.md, \"JDK 17 and the Vector API\")");
    }

    /** This JVM's PerMethodTrapLimit, or empty where it cannot be read. */
    static Optional<Long> trapLimit() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Optional.of(Long.parseLong(bean.getVMOption("PerMethodTrapLimit").getValue()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The advice for the running JVM. */
    static Optional<String> forThisJvm() {
        return advice(Runtime.version().feature(), JavaDevice.vectorApiAvailable(), trapLimit());
    }
}
