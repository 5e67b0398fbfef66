package dev.dendrite.bench.suite;

import dev.dendrite.bench.suite.ConvCase.Pass;
import dev.dendrite.device.Conv2dShape;
import java.util.ArrayList;
import java.util.List;

/** Which cases the suite runs, in table order. */
public final class SuitePlan {
    /** Batch of the Fashion-MNIST CNN's training step. */
    public static final int CNN_BATCH = 128;
    /** 16 Mi floats, 64 MiB per array: far beyond what this machine's caches hold for one core pair. */
    public static final int ADD_LENGTH = 16 << 20;

    private SuitePlan() {}

    public static List<KernelCase> cases(boolean quick) {
        List<KernelCase> cases = new ArrayList<>();
        int[] sizes = quick ? new int[] {256, 512, 1024} : new int[] {256, 512, 1024, 2048};
        for (int n : sizes) cases.add(new SgemmCase(n));
        cases.add(new AddCase(ADD_LENGTH));
        for (Conv2dShape shape : List.of(ConvCase.cnnConv1(CNN_BATCH), ConvCase.cnnConv2(CNN_BATCH))) {
            for (Pass pass : Pass.values()) cases.add(new ConvCase(shape, pass));
        }
        cases.add(new SoftmaxCase(4096, 1000));
        cases.add(new TrainStepCase(CNN_BATCH));
        return cases;
    }
}
