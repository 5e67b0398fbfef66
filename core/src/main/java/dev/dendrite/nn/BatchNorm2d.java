package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/** Batch normalisation of [N, C, H, W] input, per channel; see {@link BatchNorm}. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, Devices.defaultDevice());
    }

    public BatchNorm2d(int numFeatures, float eps, float momentum, Device device) {
        super(numFeatures, eps, momentum, device);
    }

    @Override protected void checkInput(Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException("BatchNorm2d: expected [N, C, H, W] input, got " + Arrays.toString(x.shape()));
    }
}
