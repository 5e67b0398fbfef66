package dev.dendrite.conformance;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.IncompleteExecutionException;

/**
 * Runs one family of the kit outside JUnit and says which cases fail. For a backend's own
 * self-tests: build a deliberately broken kernel into a device, run the family that must notice,
 * and assert that it does (the OpenCL backend's OpenClKitSelfTest). {@link ConformanceKitSelfTest}
 * does the same for breaks that a wrapper around the java device can imitate.
 */
public final class KitProbe {
    private KitProbe() {}

    /**
     * @param kit    a kit whose {@code device()} is the device to probe
     * @param family the name of one of {@link DeviceConformanceTest}'s test factories, e.g. "unary"
     * @return each failing case's name and message, in the kit's order (empty when all pass)
     */
    @SuppressWarnings("unchecked")
    public static Map<String, String> failures(DeviceConformanceTest kit, String family) {
        Stream<DynamicTest> tests;
        try {
            // The factories are package-private (JUnit needs no more), so a backend reaches them through here.
            tests = (Stream<DynamicTest>) DeviceConformanceTest.class.getDeclaredMethod(family).invoke(kit);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("the kit has no test family '" + family + "'", e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot run the kit's family '" + family + "'", e);
        }
        Map<String, String> failures = new LinkedHashMap<>();
        tests.forEach(t -> {
            try {
                t.getExecutable().execute();
            } catch (IncompleteExecutionException e) {
                throw e;                       // a skip (no device here) is not a failure
            } catch (Throwable e) {
                failures.put(t.getDisplayName(), String.valueOf(e.getMessage()));
            }
        });
        return failures;
    }
}
