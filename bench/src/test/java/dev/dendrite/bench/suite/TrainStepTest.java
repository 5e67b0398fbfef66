package dev.dendrite.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.Test;

class TrainStepTest {
    @Test void flopsCountForwardOnceAndBackwardTwiceExceptTheFirstInputGradient() {
        double conv1 = 2.0 * 128 * 32 * 26 * 26 * 1 * 9;
        double conv2 = 2.0 * 128 * 64 * 11 * 11 * 32 * 9;
        double dense = 2.0 * 128 * 1600 * 128 + 2.0 * 128 * 128 * 10;
        assertEquals(3 * (conv1 + conv2 + dense) - conv1, TrainStep.flops(128), 1);
        assertEquals(1.971e9, TrainStep.flops(128), 0.001e9);
    }

    @Test void aStepChangesTheWeightsAndClosingFreesEverything() {
        try (Device device = new JavaDevice()) {
            float before;
            float after;
            try (TrainStep step = new TrainStep(device, 4)) {
                before = step.firstWeight();
                step.step();
                step.step();
                after = step.firstWeight();
                // Steps free their intermediates: only parameters, Adam's state and the batch stay.
                long live = device.memoryStats().liveBuffers();
                step.step();
                assertEquals(live, device.memoryStats().liveBuffers());
            }
            assertEquals(0, device.memoryStats().liveBuffers());
            org.junit.jupiter.api.Assertions.assertNotEquals(before, after);
        }
    }
}
