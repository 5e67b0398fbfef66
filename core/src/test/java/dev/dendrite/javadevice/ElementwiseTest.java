package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Elementwise ops (against the reference device), copy and where, through every kind of view. */
class ElementwiseTest {

    static List<JavaDevice> devices() { return JavaDevices.all(); }

    /** A buffer and a view of it over some logical shape; {@link #logical()} reads it plainly. */
    record Case(String name, int[] shape, float[] storage, View view) {
        float[] logical() { return readView(storage, shape, view.offset(), view.strides()); }
    }

    /** Reads element idx of a strided view for every idx of shape, decomposing the flat index plainly. */
    static float[] readView(float[] storage, int[] shape, int offset, int[] strides) {
        int n = Shapes.numel(shape);
        float[] out = new float[n];
        for (int flat = 0; flat < n; flat++) {
            int rest = flat, pos = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                pos += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            out[flat] = storage[pos];
        }
        return out;
    }

    /** Views of shape [r, c] made every way a tensor can make them. */
    static List<Case> viewsOf(int r, int c, Random random, JavaDevice device) {
        List<Case> cases = new ArrayList<>();
        int[] shape = {r, c};
        float[] dense = randomFloats(random, r * c);
        cases.add(new Case("contiguous", shape, dense, new View(upload(device, dense), 0, new int[] {c, 1})));
        float[] t = randomFloats(random, r * c); // stored as [c, r], read transposed
        cases.add(new Case("transposed", shape, t, new View(upload(device, t), 0, new int[] {1, r})));
        float[] row = randomFloats(random, c);
        cases.add(new Case("broadcast row", shape, row, new View(upload(device, row), 0, new int[] {0, 1})));
        float[] col = randomFloats(random, r);
        cases.add(new Case("broadcast column", shape, col, new View(upload(device, col), 0, new int[] {1, 0})));
        float[] big = randomFloats(random, 7 + 2 * r * 2 * c);
        cases.add(new Case("offset, every other element", shape, big, new View(upload(device, big), 7, new int[] {4 * c, 2})));
        float[] one = randomFloats(random, 3);
        cases.add(new Case("scalar broadcast", shape, one, new View(upload(device, one), 2, new int[] {0, 0})));
        return cases;
    }

    /** Computes the expected values: plain loops, double arithmetic, an erf of its own. */
    private static final ReferenceDevice REFERENCE = new ReferenceDevice();

    /** op applied to contiguous inputs on the reference device. */
    static float[] expectedUnary(UnaryOp op, float alpha, float[] x) {
        int[] shape = {x.length};
        DeviceBuffer in = onReference(x), out = REFERENCE.allocate(DType.F32, x.length);
        REFERENCE.unary(op, alpha, shape, View.contiguous(in, shape), out);
        return fromReference(out, in);
    }

    /** op applied to contiguous inputs on the reference device. */
    static float[] expectedBinary(BinaryOp op, float[] x, float[] y) {
        int[] shape = {x.length};
        DeviceBuffer a = onReference(x), b = onReference(y), out = REFERENCE.allocate(DType.F32, x.length);
        REFERENCE.binary(op, shape, View.contiguous(a, shape), View.contiguous(b, shape), out);
        return fromReference(out, a, b);
    }

    private static DeviceBuffer onReference(float[] x) {
        DeviceBuffer b = REFERENCE.allocate(DType.F32, x.length);
        REFERENCE.upload(x, 0, b, 0, x.length);
        return b;
    }

    /** Downloads {@code out}, then releases it and the inputs. */
    private static float[] fromReference(DeviceBuffer out, DeviceBuffer... inputs) {
        float[] y = new float[out.length()];
        REFERENCE.download(out, 0, y, 0, y.length);
        REFERENCE.release(out);
        for (DeviceBuffer b : inputs) REFERENCE.release(b);
        return y;
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void everyUnaryOpThroughEveryView(JavaDevice device) {
        Random random = new Random(1);
        float alpha = 0.37f;
        for (int r : new int[] {1, 3, 17}) {
            for (int c : SIZES) {
                for (Case input : viewsOf(r, c, random, device)) {
                    float[] x = input.logical();
                    for (UnaryOp op : UnaryOp.values()) {
                        float a = op == UnaryOp.POW_SCALAR ? 3f : alpha;
                        DeviceBuffer out = device.allocate(DType.F32, r * c);
                        device.unary(op, a, input.shape(), input.view(), out);
                        assertClose(expectedUnary(op, a, x), download(device, out), 0, 1e-6,
                                op + " on " + input.name() + " [" + r + ", " + c + "]");
                        device.release(out);
                    }
                    device.release(input.view().buffer());
                }
            }
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void everyBinaryOpWithBroadcasting(JavaDevice device) {
        Random random = new Random(2);
        for (int r : new int[] {1, 3, 33}) {
            for (int c : SIZES) {
                List<Case> as = viewsOf(r, c, random, device), bs = viewsOf(r, c, random, device);
                // Pair every kind of view with the same kind (contiguous + contiguous is the fast path) and another.
                for (int pair = 0; pair < 2 * as.size(); pair++) {
                    int k = pair / 2;
                    Case a = as.get(k), b = bs.get(pair % 2 == 0 ? k : (k + 2) % bs.size());
                    float[] x = a.logical(), y = b.logical();
                    for (BinaryOp op : BinaryOp.values()) {
                        if (op == BinaryOp.POW) continue; // powOnPositiveBases checks it with positive bases
                        DeviceBuffer out = device.allocate(DType.F32, r * c);
                        device.binary(op, a.shape(), a.view(), b.view(), out);
                        float[] expected = expectedBinary(op, x, y);
                        // The activation backward ops run in float (1 - y*y cancels).
                        double abs = switch (op) {
                            case SIGMOID_BACKWARD, TANH_BACKWARD, GELU_BACKWARD, GELU_TANH_BACKWARD -> 1e-6;
                            default -> 0;
                        };
                        assertClose(expected, download(device, out), abs, 1e-6,
                                op + " on " + a.name() + " and " + b.name() + " [" + r + ", " + c + "]");
                        device.release(out);
                    }
                }
                for (Case k : as) device.release(k.view().buffer());
                for (Case k : bs) device.release(k.view().buffer());
            }
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void powOnPositiveBases(JavaDevice device) {
        float[] base = {0.5f, 2f, 3f, 1e-3f, 7f};
        float[] exponent = {2f, -1f, 0.5f, 3f, 0f};
        DeviceBuffer a = upload(device, base), b = upload(device, exponent), out = device.allocate(DType.F32, 5);
        device.binary(BinaryOp.POW, new int[] {5}, new View(a, 0, new int[] {1}), new View(b, 0, new int[] {1}), out);
        float[] expected = new float[5];
        for (int i = 0; i < 5; i++) expected[i] = (float) Math.pow(base[i], exponent[i]);
        assertClose(expected, download(device, out), 0, 1e-6, "pow");
        releaseAll(device, a, b, out);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void largeRank3BroadcastSplitsAcrossThreads(JavaDevice device) {
        // 40 x 50 x 60 = 120000 elements: above the parallel threshold, and the walk crosses rows mid-chunk.
        int[] shape = {40, 50, 60};
        Random random = new Random(3);
        float[] a = randomFloats(random, 40 * 60);      // [40, 1, 60] broadcast over the middle axis
        float[] b = randomFloats(random, 50 * 40 * 60); // stored [50, 40, 60], read permuted
        DeviceBuffer ab = upload(device, a), bb = upload(device, b), out = device.allocate(DType.F32, 120000);
        View av = new View(ab, 0, new int[] {60, 0, 1}), bv = new View(bb, 0, new int[] {60, 2400, 1});
        device.binary(BinaryOp.SUB, shape, av, bv, out);
        float[] result = download(device, out);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 50; j++) {
                for (int k = 0; k < 60; k++) {
                    float expected = a[i * 60 + k] - b[j * 2400 + i * 60 + k];
                    assertEquals(expected, result[(i * 50 + j) * 60 + k], "element " + i + "," + j + "," + k);
                }
            }
        }
        releaseAll(device, ab, bb, out);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void whereSelectsThroughViews(JavaDevice device) {
        Random random = new Random(4);
        for (int c : SIZES) {
            List<Case> cs = viewsOf(3, c, random, device), as = viewsOf(3, c, random, device), bs = viewsOf(3, c, random, device);
            for (int k = 0; k < cs.size(); k++) {
                Case cond = cs.get(k), a = as.get((k + 1) % as.size()), b = bs.get((k + 3) % bs.size());
                // A condition with exact zeros: round the logical values' sign bits into 0/1.
                float[] condStorage = cond.storage();
                for (int i = 0; i < condStorage.length; i++) condStorage[i] = condStorage[i] > 0 ? 1f : 0f;
                device.upload(condStorage, 0, cond.view().buffer(), 0, condStorage.length);
                float[] cv = cond.logical(), av = a.logical(), bv = b.logical();
                DeviceBuffer out = device.allocate(DType.F32, 3 * c);
                device.where(cond.shape(), cond.view(), a.view(), b.view(), out);
                float[] expected = new float[cv.length];
                for (int i = 0; i < cv.length; i++) expected[i] = cv[i] != 0 ? av[i] : bv[i];
                assertArrayEquals(expected, download(device, out), "where " + cond.name() + "/" + a.name() + "/" + b.name());
                device.release(out);
            }
            for (List<Case> l : List.of(cs, as, bs)) for (Case k : l) device.release(k.view().buffer());
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void copyStridedToStridedAndBetweenDtypes(JavaDevice device) {
        Random random = new Random(5);
        for (int r : SIZES) {
            for (Case src : viewsOf(r, 17, random, device)) {
                float[] x = src.logical();
                // Into the transposed layout of a [17, r] buffer.
                DeviceBuffer dst = device.allocate(DType.F32, r * 17);
                device.copy(src.shape(), src.view(), new View(dst, 0, new int[] {1, r}));
                float[] got = download(device, dst);
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < 17; j++) assertEquals(x[i * 17 + j], got[j * r + i], src.name());
                }
                // Float to int truncates toward zero; int back to float is exact.
                DeviceBuffer ints = device.allocate(DType.I32, r * 17);
                device.copy(src.shape(), src.view(), View.contiguous(ints, src.shape()));
                int[] gotInts = downloadInts(device, ints);
                for (int i = 0; i < x.length; i++) assertEquals((int) (x[i] * 1f), gotInts[i]);
                DeviceBuffer back = device.allocate(DType.F32, r * 17);
                device.copy(src.shape(), View.contiguous(ints, src.shape()), View.contiguous(back, src.shape()));
                float[] backValues = download(device, back);
                for (int i = 0; i < x.length; i++) assertEquals((float) gotInts[i], backValues[i]);
                releaseAll(device, dst, ints, back, src.view().buffer());
            }
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    /**
     * Copies whose source is strided along the last dimension and contiguous along the one before,
     * into a destination contiguous along the last (a transpose made contiguous): the device copies
     * them in bands of 8 destination rows ({@link TransposedCopy}). Sizes off the band, a batch of
     * transposes, a source inside a larger matrix and a destination with a gap after each row, one
     * case large enough that the bands are shared between threads; the gaps must stay untouched.
     */
    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void copyOfATransposeFillsEveryRowAndNothingElse(JavaDevice device) {
        Random random = new Random(11);
        // {batch, rows, cols, source's leading dimension (>= rows), destination's row stride (>= cols)}
        int[][] cases = {{1, 8, 8, 8, 8}, {1, 9, 13, 9, 13}, {1, 17, 40, 21, 45}, {2, 33, 8, 33, 8},
                         {3, 129, 17, 130, 17}, {3, 1100, 40, 1100, 40}};
        for (int[] c : cases) {
            int batch = c[0], rows = c[1], cols = c[2], ld = c[3], rowStride = c[4];
            int[] shape = {batch, rows, cols};
            float[] storage = randomFloats(random, 5 + batch * cols * ld);
            int[] srcStrides = {cols * ld, 1, ld};   // element (b, i, j) at 5 + b cols ld + j ld + i
            float[] expected = readView(storage, shape, 5, srcStrides);
            DeviceBuffer src = upload(device, storage);
            float[] sentinel = new float[3 + batch * rows * rowStride];
            java.util.Arrays.fill(sentinel, Float.NaN);
            DeviceBuffer dst = upload(device, sentinel);
            int[] dstStrides = {rows * rowStride, rowStride, 1};
            device.copy(shape, new View(src, 5, srcStrides), new View(dst, 3, dstStrides));
            float[] got = download(device, dst);
            String name = java.util.Arrays.toString(c);
            assertArrayEquals(expected, readView(got, shape, 3, dstStrides), name);
            int written = 0;
            for (float v : got) if (!Float.isNaN(v)) written++;
            assertEquals(expected.length, written, name + ": elements written outside the view");
            releaseAll(device, src, dst);
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    @Test
    void copyOfIntsAndScalarShapes() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer src = upload(device, new int[] {1, 2, 3, 4, 5, 6});
        DeviceBuffer dst = device.allocate(DType.I32, 6);
        device.copy(new int[] {2, 3}, new View(src, 0, new int[] {1, 2}), View.contiguous(dst, new int[] {2, 3}));
        assertArrayEquals(new int[] {1, 3, 5, 2, 4, 6}, downloadInts(device, dst));
        // A rank-0 shape is one element.
        DeviceBuffer one = device.allocate(DType.F32, 1);
        DeviceBuffer five = upload(device, new float[] {4f, 5f});
        device.unary(UnaryOp.NEG, 0, new int[] {}, new View(five, 1, new int[] {}), one);
        assertEquals(-5f, download(device, one)[0]);
        // An empty shape writes nothing.
        device.unary(UnaryOp.NEG, 0, new int[] {0, 3}, new View(five, 0, new int[] {3, 1}), one);
        assertEquals(-5f, download(device, one)[0]);
        releaseAll(device, src, dst, one, five);
    }

    @Test
    void viewsReachingOutsideTheBufferAreRejectedClearly() {
        JavaDevice device = SCALAR_1;
        DeviceBuffer src = device.allocate(DType.F32, 6), out = device.allocate(DType.F32, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> device.unary(UnaryOp.EXP, 0, new int[] {3, 3}, new View(src, 0, new int[] {3, 1}), out));
        assertTrue(e.getMessage().contains("unary EXP"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 3]"), e.getMessage());
        DeviceBuffer ints = device.allocate(DType.I32, 9);
        assertThrows(IllegalArgumentException.class,
                () -> device.unary(UnaryOp.EXP, 0, new int[] {2, 3}, new View(src, 0, new int[] {3, 1}), ints));
        releaseAll(device, src, out, ints);
    }

    /** relu and its backward pass (a bit trick, or a Vector API select): check them on the special values. */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("devices")
    void reluAndReluBackwardOnSpecialValues(JavaDevice device) {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY, tiny = Float.MIN_VALUE;
        float[] a12 = {-0f, 0f, tiny, -tiny, nan, -nan, inf, -inf, 2f, -2f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] g12 = {inf, inf, 5f, nan, 7f, 7f, -3f, inf, nan, nan, 1f, 1f};
        // 39 values: the special values land in every lane of two full vectors and in the scalar tail
        float[] a = new float[39], g = new float[39];
        for (int i = 0; i < a.length; i++) {
            a[i] = a12[i * 5 % 12];
            g[i] = g12[i * 7 % 12];
        }
        int[] shape = {a.length};
        DeviceBuffer ab = upload(device, a), gb = upload(device, g), out = device.allocate(DType.F32, a.length);
        device.binary(BinaryOp.RELU_BACKWARD, shape, View.contiguous(ab, shape), View.contiguous(gb, shape), out);
        float[] back = download(device, out);
        device.unary(UnaryOp.RELU, 0f, shape, View.contiguous(ab, shape), out);
        float[] relu = download(device, out);
        for (int i = 0; i < a.length; i++) {
            float expectBack = a[i] > 0 ? g[i] : 0f;
            float expectRelu = a[i] > 0 ? a[i] : (a[i] == a[i] ? 0f : a[i]);
            assertEquals(Float.floatToIntBits(expectBack), Float.floatToIntBits(back[i]), "relu backward at a = " + a[i]);
            assertEquals(Float.floatToIntBits(expectRelu), Float.floatToIntBits(relu[i]), "relu at " + a[i]);
        }
        releaseAll(device, ab, gb, out);
    }
}
