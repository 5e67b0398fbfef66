package dev.dendrite.nn;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * Normalises over the last axes (those of {@code normalizedShape}) of each example, with the
 * biased variance, then scales and shifts elementwise: PyTorch's LayerNorm with
 * elementwise_affine. Same behaviour in training and eval.
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    public final float eps;
    public final Tensor weight;
    public final Tensor bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5f, Devices.defaultDevice());
    }

    public LayerNorm(int[] normalizedShape, float eps, Device device) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalizedShape must not be empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = registerParameter("weight", Tensor.ones(device, normalizedShape));
        this.bias = registerParameter("bias", Tensor.zeros(device, normalizedShape));
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }

    @Override public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int[] shape = x.shape();  // checked here too, to name the module in the message
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm" + Arrays.toString(normalizedShape) + ": input of shape "
                    + Arrays.toString(shape) + " must end in " + Arrays.toString(normalizedShape));
        }
        return x.layerNorm(normalizedShape, weight, bias, eps);
    }

    @Override protected String extraRepr() {
        return "(" + Arrays.toString(normalizedShape).replace("[", "").replace("]", "") + (normalizedShape.length == 1 ? "," : "")
                + "), eps=" + eps + ", elementwise_affine=True";
    }
}
