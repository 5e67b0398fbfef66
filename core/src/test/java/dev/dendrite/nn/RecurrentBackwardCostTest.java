package dev.dendrite.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * An LSTM's backward pass allocates memory in proportion to the sequence length, not its square:
 * each step's select of the [batch, T, 4 hidden] input projection adds its gradient into a
 * region of one accumulator instead of allocating a full-size gradient per step. Counted on a
 * device that records every allocation, for T and 2T steps.
 */
class RecurrentBackwardCostTest {

    @Test
    void backwardAllocationGrowsLinearlyWithTheSequence() {
        long t32 = bytesAllocatedByBackward(32);
        long t64 = bytesAllocatedByBackward(64);
        double ratio = (double) t64 / t32;
        // Linear: about 2. A full-size gradient per step would make it about 4.
        assertTrue(ratio < 2.6, "backward allocated " + t32 + " bytes at 32 steps and " + t64 + " at 64: ratio " + ratio);
    }

    private static long bytesAllocatedByBackward(int steps) {
        JavaDevice device = new JavaDevice(JavaDevice.Options.scalar());
        LSTM lstm = new LSTM(8, 32, 1, device);
        try (Scope scope = Scope.open()) {
            Tensor x = Tensor.randn(device, 1, 4, steps, 8).requiresGrad(true);
            Tensor loss = lstm.forward(x).square().mean();
            long before = device.allocatedBytes();
            loss.backward();
            return device.allocatedBytes() - before;
        } finally {
            lstm.close();
            device.close();
        }
    }
}
