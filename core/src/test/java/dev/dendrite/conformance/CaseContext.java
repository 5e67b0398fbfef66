package dev.dendrite.conformance;

import dev.dendrite.device.Device;
import java.util.function.Function;

/** What a case runs against: the device under test, the reference, and the tolerance table. */
record CaseContext(Device device, Device reference, Function<Tolerances.Kind, Tolerance> tolerances) {
    Tolerance tolerance(Tolerances.Kind kind) { return tolerances.apply(kind); }
}
