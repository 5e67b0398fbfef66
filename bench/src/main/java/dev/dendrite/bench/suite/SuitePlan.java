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

    /** The cases in table order; today the quick suite runs them all too, with fewer repetitions per case. */
    public static List<KernelCase> cases(boolean quick) {
        List<KernelCase> cases = new ArrayList<>();
        // 2048 even in the quick suite: the matmul rungs are judged against CLBlast at 1024 and 2048.
        for (int n : new int[] {256, 512, 1024, 2048}) cases.add(new SgemmCase(n));
        cases.add(new AddCase(ADD_LENGTH));
        for (Conv2dShape shape : List.of(ConvCase.cnnConv1(CNN_BATCH), ConvCase.cnnConv2(CNN_BATCH))) {
            for (Pass pass : Pass.values()) cases.add(new ConvCase(shape, pass));
        }
        cases.add(new SoftmaxCase(4096, 1000));
        cases.add(new TrainStepCase(CNN_BATCH));
        return cases;
    }
}
