package dev.dendrite.cuda;

import dev.dendrite.conformance.DeviceAssumptions;
import dev.dendrite.device.Device;
import dev.dendrite.conformance.TrainingSuite;

/**
 * The end-to-end training suite on the CUDA device. Without a usable GPU every case skips with
 * CudaProbe's one-line reason; DENDRITE_REQUIRE_CUDA=1 makes that a failure.
 */
class CudaTrainingTest extends TrainingSuite {
    @Override protected Device device() {
        return DeviceAssumptions.requireOrSkip("cuda", "DENDRITE_REQUIRE_CUDA");
    }
}
