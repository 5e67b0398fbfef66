package dev.dendrite.conformance;

/** One named check of a device; {@link DeviceConformanceTest} turns each into a dynamic test. */
interface ConformanceCase {
    /** Op and shape, as shown in test reports, e.g. {@code "unary EXP [3, 17] transposed"}. */
    String name();

    void run(CaseContext context);

    /** The elements of all the case's buffers together (0 when unknown): how big a case is. */
    default long elements() {
        return 0;
    }
}
