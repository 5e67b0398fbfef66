package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/** Batch normalisation of [N, C] or [N, C, L] input; see {@link BatchNorm}. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, Devices.defaultDevice());
    }

    public BatchNorm1d(int numFeatures, float eps, float momentum, Device device) {
        super(numFeatures, eps, momentum, device);
    }

    @Override protected void checkInput(Tensor x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected [N, C] or [N, C, L] input, got " + Arrays.toString(x.shape()));
        }
    }
}
