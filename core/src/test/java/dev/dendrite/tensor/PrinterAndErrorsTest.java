package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.Test;

/** toString like numpy/PyTorch, and the error messages of bad calls. */
class PrinterAndErrorsTest {

    @Test
    void smallTensorsPrintEveryValue() {
        try (Scope s = Scope.open()) {
            assertEquals("tensor([[ 1.5000,  2.0000],\n        [-3.0000,  4.0000]], shape=[2, 2], dtype=float32, device=java)",
                    tensor(new float[] {1.5f, 2, -3, 4}, 2, 2).toString());
            assertEquals("tensor([0., 1., 2.], shape=[3], dtype=float32, device=java)", Tensor.arange(D, 3).toString());
            assertEquals("tensor([3, 1, 4], shape=[3], dtype=int32, device=java)", Tensor.of(D, new int[] {3, 1, 4}).toString());
            assertEquals("tensor(2.5000, shape=[], dtype=float32, device=java)", Tensor.scalar(D, 2.5f).toString());
            assertEquals("tensor([1.0000e-06, 1.0000e+00], shape=[2], dtype=float32, device=java)",
                    tensor(new float[] {1e-6f, 1f}, 2).toString());
            assertEquals("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2], dtype=float32, device=java)",
                    Tensor.arange(D, 8).reshape(2, 2, 2).toString());
            assertEquals("tensor([nan, inf], shape=[2], dtype=float32, device=java)",
                    tensor(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2).toString());
            Tensor p = Tensor.ones(D, 2).requiresGrad(true);
            assertTrue(p.toString().endsWith("requires_grad=true)"), p.toString());
            assertTrue(p.mul(2f).toString().endsWith("grad_fn=<mul>)"));
        }
    }

    @Test
    void largeTensorsAreElided() {
        try (Scope s = Scope.open()) {
            String text = Tensor.arange(D, 2000).reshape(40, 50).toString();
            assertEquals("tensor([[   0.,    1.,    2., ...,   47.,   48.,   49.],\n"
                    + "        [  50.,   51.,   52., ...,   97.,   98.,   99.],\n"
                    + "        [ 100.,  101.,  102., ...,  147.,  148.,  149.],\n"
                    + "        ...,\n"
                    + "        [1850., 1851., 1852., ..., 1897., 1898., 1899.],\n"
                    + "        [1900., 1901., 1902., ..., 1947., 1948., 1949.],\n"
                    + "        [1950., 1951., 1952., ..., 1997., 1998., 1999.]], shape=[40, 50], dtype=float32, device=java)", text);
        }
    }

    @Test
    void closedTensorsPrintWithoutThrowing() {
        Tensor t = Tensor.zeros(D, 2);
        t.close();
        assertEquals("tensor(<closed>, shape=[2], dtype=float32, device=java)", t.toString());
    }

    @Test
    void mixedDevicesAreAClearError() {
        JavaDevice other = new JavaDevice(JavaDevice.Options.scalar());
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(D, 2, 2);
            Tensor b = Tensor.ones(other, 2, 2);
            assertEquals("matmul: tensors on different devices (java and java); move one with to(device)",
                    assertThrows(IllegalArgumentException.class, () -> a.matmul(b)).getMessage());
            assertEquals("add: tensors on different devices (java and java); move one with to(device)",
                    assertThrows(IllegalArgumentException.class, () -> a.add(b)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, a, b));
            Tensor moved = b.to(D);
            assertSame(D, moved.device());
            assertArrayEquals(new float[] {2, 2, 2, 2}, a.add(moved).toFloatArray());
        } finally {
            other.close();
        }
    }

    @Test
    void shapeAndDtypeErrorsNameTheOp() {
        try (Scope s = Scope.open()) {
            assertEquals("add: shapes [2, 3] and [4] cannot be broadcast (dimension -1: 3 vs 4)",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 2, 3).add(Tensor.zeros(D, 4))).getMessage());
            assertEquals("exp: expected a float32 tensor, got int32 of shape [3]; convert with toFloat()",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.arangeInt(D, 3).exp()).getMessage());
            assertEquals("item: needs a tensor with exactly one element, got shape [2]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 2).item()).getMessage());
            assertEquals("toIntArray: tensor of shape [2] is float32; convert with toInt() (truncates) or read it with toFloatArray()",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(D, 2).toIntArray()).getMessage());
            assertEquals("requiresGrad: only float32 tensors can require gradients, got int32 of shape [3]",
                    assertThrows(IllegalArgumentException.class, () -> Tensor.arangeInt(D, 3).requiresGrad(true)).getMessage());
            assertEquals("where: shapes [2] and [3] cannot be broadcast (dimension -1: 2 vs 3)",
                    assertThrows(IllegalArgumentException.class,
                            () -> Tensor.where(Tensor.ones(D, 2), Tensor.ones(D, 3), Tensor.ones(D, 1))).getMessage());
        }
    }
}
