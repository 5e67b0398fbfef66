package dev.dendrite.conformance;

/** One named check of a device; {@link DeviceConformanceTest} turns each into a dynamic test. */
interface ConformanceCase {
    /** Op and shape, as shown in test reports, e.g. {@code "unary EXP [3, 17] transposed"}. */
    String name();

    void run(CaseContext context);
}
