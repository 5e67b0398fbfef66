package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The example at the top of docs/TENSOR_API.md, kept compiling and running. */
class DocExampleTest {
    @Test
    void theDocumentedExampleRunsAndLearns() {
        float before = 0, after = 0;
        try (Scope scope = Scope.open()) {
            Tensor x = Tensor.randn(1, 64, 784);
            Tensor labels = Tensor.of(new int[64]);
            Tensor w = Tensor.normal(2, 0f, 0.05f, 10, 784).requiresGrad(true);
            Tensor b = Tensor.zeros(10).requiresGrad(true);
            for (int step = 0; step < 3; step++) {
                Tensor logits = x.matmul(w.t()).add(b);
                Tensor loss = logits.logSoftmax(1).gather(1, labels.reshape(64, 1)).mean().neg();
                loss.backward();
                try (var g = Tensor.noGrad()) {
                    w.add_(w.grad(), -0.1f);
                    b.add_(b.grad(), -0.1f);
                }
                if (step == 0) before = loss.item();
                after = loss.item();
                assertNotNull(logits.argmax(1, false).toString());
                w.zeroGrad(); b.zeroGrad();
            }
        }
        assertTrue(after < before, before + " -> " + after);
    }
}
