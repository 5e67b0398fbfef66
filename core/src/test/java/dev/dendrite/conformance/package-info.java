/**
 * The conformance kit: one JUnit 5 suite that every {@link dev.dendrite.device.Device} must pass.
 *
 * <h2>Using it from a backend</h2>
 * Depend on {@code dendrite-core:test-jar} (test scope) and extend {@link
 * dev.dendrite.conformance.DeviceConformanceTest}:
 * <pre>{@code
 * class OpenClConformanceTest extends DeviceConformanceTest {
 *     @Override protected Device device() {
 *         return DeviceAssumptions.requireOrSkip("opencl", "DENDRITE_REQUIRE_OPENCL");
 *     }
 * }
 * }</pre>
 * {@link dev.dendrite.conformance.DeviceAssumptions#requireOrSkip} skips the suite with the
 * provider's reason when the device cannot run here, and fails it instead when the named
 * environment variable is set (CI sets {@code DENDRITE_REQUIRE_OPENCL=1}).
 *
 * <h2>How it works</h2>
 * Each case ({@code OpCase}) declares named buffers (inputs, outputs, in-place buffers), runs the
 * op on the device under test and on the {@link dev.dendrite.referencedevice.ReferenceDevice}
 * (plain loops, double sums, no code shared with any device) with the same seeded inputs, and
 * compares every element within the tolerance of its {@link dev.dendrite.conformance.Tolerances.Kind}
 * ({@link dev.dendrite.conformance.Tolerances} explains each figure). Outputs carry guard
 * elements after their end and start filled with a sentinel, so writing too far or too little is
 * caught; the device's live-buffer count must return to where it was. The case families live in
 * {@code *Cases} classes, one per op family; {@code ConformanceKitSelfTest} shows that the kit
 * catches broken devices and accepts correct ones that round differently.
 */
package dev.dendrite.conformance;
