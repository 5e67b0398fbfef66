package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.Device;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over the channel axis (axis 1), PyTorch's semantics:
 * <ul>
 *   <li>training: normalise with the batch's mean and <em>biased</em> variance, then update
 *       {@code running = (1 - momentum) * running + momentum * batch}, where the running variance
 *       takes the <em>unbiased</em> batch variance (times n / (n - 1));</li>
 *   <li>eval: normalise with the running statistics.</li>
 * </ul>
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}. State: weight, bias, running_mean,
 * running_var, num_batches_tracked.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final float eps;
    public final float momentum;
    public final Tensor weight;
    public final Tensor bias;
    public final Tensor runningMean;
    public final Tensor runningVar;
    public final Tensor numBatchesTracked;
    private int batchesTracked;

    protected BatchNorm(int numFeatures, float eps, float momentum, Device device) {
        if (numFeatures <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": numFeatures must be positive");
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(device, numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(device, numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(device, numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(device, numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zerosInt(device));
    }

    /** Throws unless {@code x} has a rank this flavour accepts. */
    protected abstract void checkInput(Tensor x);

    @Override public Tensor forward(Tensor x) {
        checkInput(x);
        if (x.shape(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): input of shape "
                    + Arrays.toString(x.shape()) + " has " + x.shape(1) + " channels on axis 1");
        }
        // Reduce over every axis but the channels; per-channel tensors broadcast as [1, C, 1, ...].
        int[] axes = new int[x.rank() - 1];
        axes[0] = 0;
        for (int a = 2; a < x.rank(); a++) axes[a - 1] = a;
        int[] channelShape = new int[x.rank()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = numFeatures;

        Tensor mean;
        Tensor var;
        if (isTraining()) {
            int n = x.numel() / numFeatures;
            if (n <= 1) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": training needs more than one value per channel, got input "
                        + Arrays.toString(x.shape()));
            }
            mean = x.mean(axes, true);
            Tensor centered = x.sub(mean);
            var = centered.square().mean(axes, true);
            updateRunningStats(mean, var, n);
            Tensor normalized = centered.mul(var.add(eps).rsqrt());
            return normalized.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
        }
        mean = runningMean.reshape(channelShape);
        var = runningVar.reshape(channelShape);
        // Fold the statistics into one scale and shift per channel: two ops on the big tensor.
        Tensor scale = var.add(eps).rsqrt().mul(weight.reshape(channelShape));
        Tensor shift = bias.reshape(channelShape).sub(mean.mul(scale));
        return x.mul(scale).add(shift);
    }

    private void updateRunningStats(Tensor batchMean, Tensor batchVar, int n) {
        try (GradMode g = Autograd.noGrad()) {
            float unbias = (float) n / (n - 1);
            runningMean.mul_(1f - momentum).add_(batchMean.detach().reshape(numFeatures).mul(momentum));
            runningVar.mul_(1f - momentum).add_(batchVar.detach().reshape(numFeatures).mul(momentum * unbias));
            batchesTracked++;
            numBatchesTracked.fill_(batchesTracked);
        }
    }

    @Override protected void onStateLoaded() {
        batchesTracked = numBatchesTracked.toIntArray()[0];
    }

    @Override protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=True, track_running_stats=True";
    }
}
