package dev.dendrite.bench.suite;

import dev.dendrite.bench.harness.Throughput;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.util.Random;

/**
 * One training step of the Fashion-MNIST CNN (the classic Keras model that {@code ./dendrite train}
 * trains): conv 32 3x3, ReLU, max-pool 2, conv 64 3x3, ReLU, max-pool 2, dense 128, ReLU,
 * dropout 0.5, dense 10; cross-entropy; Adam. The batch is fixed random data of the real shape
 * (timing does not depend on the pixel values), so no data set is needed.
 *
 * <p>A step is what the trainer does per batch: forward, loss, zero the gradients, backward,
 * optimizer update, with every intermediate freed by a {@link Scope}.
 */
public final class TrainStep implements AutoCloseable {
    private final Device device;
    private final Sequential model;
    private final Adam optimizer;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private final Tensor images;
    private final Tensor labels;

    public TrainStep(Device device, int batch) {
        this.device = device;
        model = new Sequential(
                new Conv2d(1, 32, 3, 1, 0, true, device), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 0, true, device), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(64 * 5 * 5, 128, true, device), new ReLU(), new Dropout(0.5f),
                new Linear(128, 10, true, device));
        model.train();
        optimizer = new Adam(model.parameters(), 1e-3f);
        images = Tensor.randn(device, 7, batch, 1, 28, 28);
        int[] y = new int[batch];
        Random random = new Random(7);
        for (int i = 0; i < batch; i++) y[i] = random.nextInt(10);
        labels = Tensor.of(device, y, batch);
    }

    /** Forward, loss, backward and Adam update for one batch. Queued; call device.synchronize() to wait. */
    public void step() {
        try (Scope scope = Scope.open()) {
            Tensor value = loss.apply(model.forward(images), labels);
            optimizer.zeroGrad();
            value.backward();
            optimizer.step();
        }
    }

    public Device device() { return device; }

    /** One weight of the first convolution, read back (for tests: a step must change it). */
    float firstWeight() {
        return ((Conv2d) model.get(0)).weight.toFloatArray()[0];
    }

    /**
     * Floating-point operations of the convolutions and dense layers in one step (what the
     * GFLOP/s figure counts; activations, pooling, loss and Adam are memory-bound and uncounted):
     * forward once, and backward twice over (gradients of weights and of inputs) except for the
     * first layer's input gradient, which nobody needs.
     */
    public static double flops(int batch) {
        double conv1 = ConvCase.cnnConv1(batch).flops();
        double conv2 = ConvCase.cnnConv2(batch).flops();
        double dense1 = Throughput.matmulFlops(batch, 128, 64 * 5 * 5);
        double dense2 = Throughput.matmulFlops(batch, 10, 128);
        double forward = conv1 + conv2 + dense1 + dense2;
        return 3 * forward - conv1;
    }

    @Override public void close() {
        device.synchronize();
        images.close();
        labels.close();
        optimizer.close();
        model.close();
    }
}
