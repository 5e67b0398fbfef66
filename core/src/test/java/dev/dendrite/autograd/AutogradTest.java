package dev.dendrite.autograd;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The engine: accumulation, graph order, broadcasting, no-grad, detach, ownership of grads, memory. */
class AutogradTest {
    /** A private device, so buffer counts are not moved by other tests' garbage. */
    static final Device D = new JavaDevice(JavaDevice.Options.scalar());

    @AfterAll
    static void closeDevice() { D.close(); }

    static long live() { return D.memoryStats().liveBuffers(); }

    @Test
    void linearFunctionGradients() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(D, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor w = Tensor.of(D, new float[] {1, -1, 2}, 3).requiresGrad(true);
            Tensor b = Tensor.scalar(D, 0.5f).requiresGrad(true);
            Tensor y = x.mul(w).add(b).sum();
            assertFalse(y.isLeaf());
            assertEquals("mul", x.mul(w).gradFn().name());
            y.backward();
            assertArrayEquals(new float[] {5, 7, 9}, w.grad().toFloatArray(), "summed over the broadcast rows");
            assertEquals(6f, b.grad().item(), "a 0-d leaf broadcast to six elements");
            assertNull(x.grad(), "x does not require grad");
        }
    }

    @Test
    void leafGradientsAreDenseAndNeverShareMemory() {
        try (Scope s = Scope.open()) {
            // a linear layer's weight: its gradient is made in the weight's own layout and taken as is
            Tensor x = Tensor.of(D, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor w = Tensor.randn(D, 3, 4, 3).requiresGrad(true);
            Tensor v = Tensor.randn(D, 4, 5, 4).requiresGrad(true);
            Tensor h = x.matmul(w.t()).matmul(v.t());   // two linear layers without bias: [2, 5]
            h.mul(h).sum().backward();
            assertTrue(w.grad().isContiguous() && v.grad().isContiguous());
            // the same values as the product of copies (no transposed views) gives
            try (Scope inner = Scope.open()) {
                Tensor wt = Tensor.of(D, w.t().contiguous().toFloatArray(), 3, 4).requiresGrad(true);
                Tensor vt = Tensor.of(D, v.t().contiguous().toFloatArray(), 4, 5).requiresGrad(true);
                Tensor h2 = x.matmul(wt).matmul(vt);
                h2.mul(h2).sum().backward();
                assertArrayEquals(wt.grad().t().contiguous().toFloatArray(), w.grad().toFloatArray(), 1e-4f);
                assertArrayEquals(vt.grad().t().contiguous().toFloatArray(), v.grad().toFloatArray(), 1e-4f);
            }
            // one gradient given to two leaves (add passes g to both): each leaf gets its own memory
            Tensor a = Tensor.of(D, new float[] {1, 2}, 2).requiresGrad(true);
            Tensor b = Tensor.of(D, new float[] {3, 4}, 2).requiresGrad(true);
            a.add(b).mul(2f).backward(Tensor.of(D, new float[] {1, 1}, 2));
            a.grad().add_(10f);
            assertArrayEquals(new float[] {2, 2}, b.grad().toFloatArray(), "b's grad must not be a's");
            // a leaf used twice by one op, and a second backward adding into an adopted grad
            Tensor c = Tensor.of(D, new float[] {1, -2}, 2).requiresGrad(true);
            c.mul(c).sum().backward();
            assertArrayEquals(new float[] {2, -4}, c.grad().toFloatArray());
            c.mul(c).sum().backward();
            assertArrayEquals(new float[] {4, -8}, c.grad().toFloatArray());
        }
    }

    @Test
    void aTensorUsedTwiceAndDiamondsGetSummedGradients() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(D, new float[] {0.5f, -1f, 2f}).requiresGrad(true);
            x.mul(x).sum().backward();
            assertArrayEquals(new float[] {1, -2, 4}, x.grad().toFloatArray());
            x.zeroGrad();
            assertNull(x.grad());
            // a = exp(x); y = a * a + a: dy/dx = (2a + 1) * a
            Tensor a = x.exp();
            a.mul(a).add(a).sum().backward();
            float[] g = x.grad().toFloatArray();
            float[] xv = {0.5f, -1f, 2f};
            for (int i = 0; i < 3; i++) {
                double e = Math.exp(xv[i]);
                assertEquals((2 * e + 1) * e, g[i], 1e-4 * (2 * e + 1) * e);
            }
        }
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(D, 2).requiresGrad(true);
            w.mul(3f).sum().backward();
            w.mul(2f).sum().backward();
            assertArrayEquals(new float[] {5, 5}, w.grad().toFloatArray());
        }
    }

    @Test
    void backwardWithAnExplicitGradient() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(D, new float[] {1, 2, 3}).requiresGrad(true);
            Tensor y = w.square();
            Tensor g = Tensor.of(D, new float[] {1, 0, -1});
            y.backward(g);
            assertArrayEquals(new float[] {2, 0, -6}, w.grad().toFloatArray());
            assertFalse(g.isClosed(), "the caller's gradient is not closed by backward");
            assertEquals("backward: gradient shape [2] does not match the output shape [3]",
                    assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(D, 2))).getMessage());
            assertEquals("backward: without a gradient the output must have one element, got shape [3]; pass backward(gradOutput)",
                    assertThrows(IllegalArgumentException.class, y::backward).getMessage());
        }
    }

    @Test
    void noGradAndDetachStopRecording() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(D, 3).requiresGrad(true);
            try (GradMode off = Tensor.noGrad()) {
                Tensor y = w.mul(2f);
                assertFalse(y.requiresGrad());
                assertNull(y.gradFn());
                try (GradMode on = Autograd.enableGrad()) {
                    assertTrue(w.mul(2f).requiresGrad());
                }
                assertFalse(Autograd.isEnabled());
            }
            assertTrue(Autograd.isEnabled());
            Tensor d = w.mul(2f).detach();
            assertFalse(d.requiresGrad());
            assertTrue(d.isLeaf());
            Tensor y = w.mul(d).sum(); // d is a constant: dy/dw = d = 2
            y.backward();
            assertArrayEquals(new float[] {2, 2, 2}, w.grad().toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(D, 1).backward());
            assertTrue(e.getMessage().startsWith("backward: tensor of shape [1] does not require grad"), e.getMessage());
            Tensor nonLeaf = w.mul(1f);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> nonLeaf.requiresGrad(false)).getMessage()
                    .startsWith("requiresGrad: only leaf tensors can change requiresGrad"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> nonLeaf.add_(1f)).getMessage()
                    .startsWith("add_: cannot modify in place a tensor of shape [3] that was made by mul"));
        }
    }

    @Test
    void leafGradsOutliveTheScopeInWhichBackwardRan() {
        Tensor w = Tensor.ones(D, 4, 3).requiresGrad(true);
        long withParam = live();
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(D, 1, 5, 4);
            x.matmul(w).relu().sum().backward();
        }
        assertNotNull(w.grad());
        assertFalse(w.grad().isClosed());
        assertEquals(withParam + 1, live(), "only the grad survives the scope");
        w.zeroGrad();
        assertEquals(withParam, live());
        w.close();
    }

    @Test
    void backwardAfterTheGraphsScopeClosedIsAClearError() {
        Tensor w = Tensor.ones(D, 3).requiresGrad(true);
        Tensor loss;
        try (Scope s = Scope.open()) {
            Tensor h = w.mul(2f);
            loss = s.keep(h.exp().sum());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("run backward inside the Scope that built the graph"), e.getMessage());
        loss.close();
        w.close();
    }

    @Test
    void closingATensorSavedForBackwardIsNamedInTheError() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(D, 3).requiresGrad(true);
            Tensor y = w.exp(); // exp saves its output for backward
            Tensor loss = y.sum();
            y.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("backward"), e.getMessage());
        }
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(D, 1).requiresGrad(true);
            Tensor h = w;
            for (int i = 0; i < 20000; i++) h = h.add(1f);
            h.sum().backward();
            assertEquals(1f, w.grad().item());
        }
    }

    @Test
    void aThousandTrainingStepsKeepTheBufferCountFlat() {
        Tensor w1 = Tensor.normal(D, 1, 0f, 0.3f, 8, 16).requiresGrad(true);
        Tensor b1 = Tensor.zeros(D, 16).requiresGrad(true);
        Tensor w2 = Tensor.normal(D, 2, 0f, 0.3f, 16, 3).requiresGrad(true);
        Tensor x = Tensor.randn(D, 3, 32, 8);
        Tensor labels = Tensor.of(D, new int[32].clone());
        long start = -1;
        float first = 0, last = 0;
        for (int step = 0; step < 1000; step++) {
            try (Scope s = Scope.open()) {
                Tensor logits = x.matmul(w1).add(b1).tanh().matmul(w2);
                Tensor loss = logits.logSoftmax(1).gather(1, labels.reshape(32, 1)).mean().neg();
                loss.backward();
                try (GradMode off = Tensor.noGrad()) {
                    for (Tensor p : new Tensor[] {w1, b1, w2}) {
                        p.add_(p.grad(), -0.1f);
                        p.zeroGrad();
                    }
                }
                if (step == 0) first = loss.item();
                last = loss.item();
            }
            if (step == 0) start = live();
        }
        assertEquals(start, live(), "live buffers flat over 1000 steps");
        assertTrue(last < first * 0.2, "the loss went down: " + first + " -> " + last);
        for (Tensor t : new Tensor[] {w1, b1, w2, x, labels}) t.close();
    }
}
