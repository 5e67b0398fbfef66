package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The elementwise row kernels run their scalar loops until each has processed its share of floats,
 * then the vector kernel; the others run the vector kernel from the first call. A stand-in for the
 * vector kernels records which of them were called.
 */
class ScalarFirstRowKernelsTest {

    /** Records the name of each kernel called; its reluGate writes 7 so that a test sees who ran. */
    private static final class Recording implements RowKernels {
        final List<String> calls = new ArrayList<>();

        @Override public void reluGate(float[] a, float[] g, float[] y, int from, int to) {
            calls.add("reluGate");
            for (int i = from; i < to; i++) y[i] = 7f;
        }
        @Override public boolean arithmetic(BinaryOp op, float[] a, int ao, float[] b, int bo, int bs, float[] y, int yo, int n) {
            calls.add("arithmetic");
            return true;
        }
        @Override public boolean transcendental(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
            calls.add("transcendental");
            return true;
        }
        @Override public void geluTanhBackward(float[] x, int xo, float[] g, int go, float[] y, int yo, int n) {
            calls.add("geluTanhBackward");
        }
        @Override public void addRows(float[] y, int yo, int ys, float[] x, int xo, int xs, int rows, int n) {
            calls.add("addRows");
        }
        @Override public void copyRows(float[] x, int xo, int xs, float[] y, int yo, int rows, int n) {
            calls.add("copyRows");
        }
        @Override public void addToSums(double[] sums, float[] src, int so, int n) {
            calls.add("addToSums");
        }
        @Override public double sum(float[] src, int from, int n, double[] laneSums) {
            calls.add("sum");
            return 0;
        }
        @Override public float dot(float[] a, int ao, float[] b, int bo, int n, float[] laneSums) {
            calls.add("dot");
            return 0;
        }
        @Override public boolean softmax(float[] x, int xo, int xStride, float[] y, int yo, int rows, int n, boolean log) {
            calls.add("softmax");
            return true;
        }
        @Override public float expShifted(float[] a, int from, int n, float shift, float[] laneSums) {
            calls.add("expShifted");
            return 0;
        }
    }

    @Test
    void reluGateRunsScalarUntilItHasProcessedItsShareThenVector() {
        Recording vector = new Recording();
        ScalarFirstRowKernels rows = new ScalarFirstRowKernels(vector, 100);
        float[] a = {1f, -1f, 2f, -2f}, g = {10f, 20f, 30f, 40f};
        float[] y = new float[4];
        int calls = 0;
        // 4 floats a call: 25 calls count 100 floats, all scalar; the 26th finds 100 counted.
        for (; calls < 25; calls++) {
            rows.reluGate(a, g, y, 0, 4);
            assertEquals(List.of(10f, 0f, 30f, 0f), List.of(y[0], y[1], y[2], y[3]), "scalar call " + calls);
        }
        assertTrue(vector.calls.isEmpty(), "no vector call before 100 floats: " + vector.calls);
        assertTrue(rows.switched(ScalarFirstRowKernels.RELU_GATE));
        rows.reluGate(a, g, y, 0, 4);
        assertEquals(List.of("reluGate"), vector.calls);
        assertEquals(7f, y[0], "the vector kernel wrote");
    }

    @Test
    void eachElementwiseKernelCountsItsOwnFloats() {
        Recording vector = new Recording();
        ScalarFirstRowKernels rows = new ScalarFirstRowKernels(vector, 50);
        float[] x = new float[64], y = new float[64];
        // copyRows counts rows * n: 4 rows of 10 (40), then 4 more (80 >= 50): scalar twice, then vector.
        rows.copyRows(x, 0, 12, y, 0, 4, 10);
        rows.copyRows(x, 0, 12, y, 0, 4, 10);
        assertFalse(vector.calls.contains("copyRows"));
        rows.copyRows(x, 0, 12, y, 0, 4, 10);
        assertEquals(List.of("copyRows"), vector.calls);
        // The other kernels have counted nothing yet: scalar.
        assertFalse(rows.switched(ScalarFirstRowKernels.ADD_ROWS));
        assertFalse(rows.arithmetic(BinaryOp.ADD, x, 0, x, 0, 1, y, 0, 60), "the scalar arithmetic covers nothing");
        rows.addRows(y, 0, 20, x, 0, 20, 3, 20);
        rows.addToSums(new double[60], x, 0, 60);
        assertEquals(List.of("copyRows"), vector.calls, "all of them scalar on their first call");
        assertTrue(rows.arithmetic(BinaryOp.ADD, x, 0, x, 0, 1, y, 0, 60));
        rows.addRows(y, 0, 20, x, 0, 20, 3, 20);
        rows.addToSums(new double[60], x, 0, 60);
        assertEquals(List.of("copyRows", "arithmetic", "addRows", "addToSums"), vector.calls);
    }

    @Test
    void sumsDotsSoftmaxAndShiftedExponentialsAreVectorFromTheFirstCall() {
        Recording vector = new Recording();
        ScalarFirstRowKernels rows = new ScalarFirstRowKernels(vector, 1_000_000);
        float[] x = new float[32];
        rows.sum(x, 0, 32, new double[8]);
        rows.dot(x, 0, x, 0, 32, new float[16]);
        assertTrue(rows.softmax(x, 0, 16, x, 0, 2, 16, false));
        rows.expShifted(x, 0, 32, 0f, new float[16]);
        assertEquals(List.of("sum", "dot", "softmax", "expShifted"), vector.calls);
    }

    @Test
    void theExponentialsRunScalarForASixteenthOfTheShare() {
        Recording vector = new Recording();
        ScalarFirstRowKernels rows = new ScalarFirstRowKernels(vector, 16 * 64);
        float[] x = {-1f, 0f, 0.5f, 2f}, y = new float[4];
        // 4 floats a call: the first 16 calls count 64 floats (1024 / 16), all scalar.
        for (int call = 0; call < 16; call++) {
            assertFalse(rows.transcendental(UnaryOp.EXP, x, 0, y, 0, 4), "the scalar kernel leaves EXP to the caller's loop");
            rows.geluTanhBackward(x, 0, x, 0, y, 0, 4);
            assertEquals(Transcendentals.geluTanhBackward(2f, 2f), y[3], "the scalar GELU backward wrote, call " + call);
        }
        assertTrue(vector.calls.isEmpty(), "no vector call before 64 floats: " + vector.calls);
        assertTrue(rows.switched(ScalarFirstRowKernels.EXPONENTIALS));
        assertTrue(rows.switched(ScalarFirstRowKernels.GELU_BACKWARD));
        assertFalse(rows.switched(ScalarFirstRowKernels.ARITHMETIC), "the arithmetic keeps the full share");
        assertTrue(rows.transcendental(UnaryOp.EXP, x, 0, y, 0, 4));
        rows.geluTanhBackward(x, 0, x, 0, y, 0, 4);
        assertEquals(List.of("transcendental", "geluTanhBackward"), vector.calls);
    }

    @Test
    void aNegativeShareIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScalarFirstRowKernels(new Recording(), -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JavaDevice.Options(true, 1, -5));
    }
}
