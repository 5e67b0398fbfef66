package dev.dendrite.kernels.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * On a kernel device the host should wait for the queue only when it needs a value: a whole
 * training step (an embedding's indexSelect, cross-entropy's gather of the labels, backward,
 * Adam) is queued without one, and only reading the loss waits. The device counts its downloads
 * and synchronizes (RecordingDevice runs nothing, so the values are meaningless here; the OpenCL
 * training suite checks them).
 */
class TrainingStepWaitsTest {

    @Test
    void aTrainingStepWaitsOnlyWhenTheLossIsRead() {
        RecordingDevice d = new RecordingDevice(null);
        Sequential model = new Sequential(new Embedding(50, 8, d), new Flatten(), new Linear(3 * 8, 4, true, d));
        Optimizer opt = new Adam(model.parameters(), 0.01f);
        Tensor tokens = Tensor.of(d, new int[] {1, 7, 49, 0, 3, 3, 12, 8, 9, 30, 31, 32}, 4, 3);   // 4 sequences of 3 tokens
        Tensor labels = Tensor.of(d, new int[] {0, 3, 1, 2}, 4);
        int before = d.hostWaits;
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            Tensor loss = new CrossEntropyLoss().apply(model.forward(tokens), labels);
            loss.backward();
            opt.step();
            assertEquals(before, d.hostWaits, "step " + step + " made the host wait for the device");
        }
        Tensor loss = new CrossEntropyLoss().apply(model.forward(tokens), labels);
        loss.item();
        assertTrue(d.hostWaits > before, "reading the loss waits for it");
    }
}
