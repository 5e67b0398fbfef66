package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;

/**
 * One full training step of the Fashion-MNIST CNN (see {@link TrainStep}), as GFLOP/s of its
 * convolutions and dense layers: a figure comparable with the conv and SGEMM rows, which shows
 * how much of the kernels' speed survives autograd, the small ops between them and the optimizer.
 */
public final class TrainStepCase extends KernelCase {
    private final int batch;

    public TrainStepCase(int batch) {
        super("CNN training step", "batch " + batch, GFLOPS, TrainStep.flops(batch));
        this.batch = batch;
    }

    @Override public Runnable prepare(Device device, DeviceBuffers buffers) {
        TrainStep step = new TrainStep(device, batch);
        buffers.onClose(step::close);
        return step::step;
    }
}
