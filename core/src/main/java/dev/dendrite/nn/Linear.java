package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;

/**
 * A fully connected layer, {@code y = x W^T + b}, with W of shape [out, in] as PyTorch stores it.
 * Input [..., in], output [..., out].
 */
public class Linear extends Module {
    public final int inFeatures;
    public final int outFeatures;
    public final Tensor weight;
    /** Null when built without bias. */
    public final Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Devices.defaultDevice());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Devices.defaultDevice());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Device device) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(device, inFeatures, outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Init.uniform(device, Init.fanInBound(inFeatures), outFeatures)) : null;
    }

    @Override public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.shape(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " -> " + outFeatures + "): input of shape "
                    + java.util.Arrays.toString(x.shape()) + " must end in " + inFeatures);
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    @Override protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
