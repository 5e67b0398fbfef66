package dev.dendrite.train;

import dev.dendrite.conformance.TrainingSuite;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;

/** The training suite on the java device. */
class JavaTrainingTest extends TrainingSuite {
    @Override protected Device device() {
        return Devices.java();
    }
}
