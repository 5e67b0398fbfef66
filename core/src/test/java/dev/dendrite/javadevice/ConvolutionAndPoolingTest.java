package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Conv2dShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Pool2dShape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** conv2d (and both backward passes) and pooling against loops written from the definitions. */
class ConvolutionAndPoolingTest {

    static List<JavaDevice> devices() { return JavaDevices.all(); }

    static final Conv2dShape[] CONVS = {
        new Conv2dShape(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
        new Conv2dShape(2, 1, 28, 28, 4, 3, 3, 1, 1, 0, 0),     // the CNN's first layer, fewer channels
        new Conv2dShape(3, 3, 13, 13, 5, 3, 3, 1, 1, 1, 1),
        new Conv2dShape(2, 2, 17, 9, 3, 3, 2, 2, 1, 1, 0),
        new Conv2dShape(1, 5, 7, 8, 2, 5, 5, 3, 2, 2, 2),
        new Conv2dShape(4, 3, 6, 6, 33, 1, 1, 1, 1, 0, 0),
        new Conv2dShape(0, 3, 6, 6, 2, 3, 3, 1, 1, 0, 0),        // empty batch
        new Conv2dShape(5, 2, 9, 9, 3, 3, 3, 1, 1, 1, 1),        // image groups with a shorter last group
        new Conv2dShape(7, 3, 10, 11, 4, 3, 3, 2, 2, 1, 0),
        new Conv2dShape(9, 4, 13, 13, 6, 3, 3, 1, 1, 0, 0),      // the CNN's second layer, several image groups
        new Conv2dShape(3, 2, 9, 12, 3, 2, 4, 1, 1, 0, 0),       // stride 1, no padding, a non-square kernel
        new Conv2dShape(2, 3, 11, 9, 4, 3, 2, 1, 2, 2, 1, 2, 3, 1),   // dilated 2 x 3, unequal strides and paddings
        new Conv2dShape(3, 6, 9, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 2),    // two channel groups, image by image
        new Conv2dShape(9, 16, 4, 4, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2),   // two channel groups, several images per product
        new Conv2dShape(4, 5, 10, 10, 5, 3, 3, 2, 2, 2, 2, 2, 2, 5),  // depthwise, dilated and strided
        new Conv2dShape(2, 3, 7, 7, 6, 1, 3, 1, 1, 0, 1, 1, 1, 3),    // depthwise with two outputs per channel
    };

    /** Input index of (b, c, h, w), or -1 when (h, w) falls in the padding. */
    static int inputIndex(Conv2dShape s, int b, int c, int h, int w) {
        if (h < 0 || h >= s.inH() || w < 0 || w >= s.inW()) return -1;
        return ((b * s.inC() + c) * s.inH() + h) * s.inW() + w;
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void convolutionForwardAndBothBackwardPasses(JavaDevice device) {
        Random random = new Random(30);
        for (Conv2dShape s : CONVS) {
            int inN = s.batch() * s.inC() * s.inH() * s.inW(), wN = s.outC() * s.inPerGroup() * s.kH() * s.kW();
            int outN = s.batch() * s.outC() * s.outH() * s.outW();
            float[] x = randomFloats(random, inN), w = randomFloats(random, wN), bias = randomFloats(random, s.outC());
            float[] g = randomFloats(random, outN);
            double[] out = new double[outN], gradIn = new double[inN], gradW = new double[wN];
            // One loop nest visits every (output, tap) pair; each of the three results accumulates its share.
            for (int b = 0; b < s.batch(); b++)
                for (int oc = 0; oc < s.outC(); oc++)
                    for (int oh = 0; oh < s.outH(); oh++)
                        for (int ow = 0; ow < s.outW(); ow++) {
                            int o = ((b * s.outC() + oc) * s.outH() + oh) * s.outW() + ow;
                            out[o] += bias[oc];
                            for (int icg = 0; icg < s.inPerGroup(); icg++) // the input channels of oc's group
                                for (int kh = 0; kh < s.kH(); kh++)
                                    for (int kw = 0; kw < s.kW(); kw++) {
                                        int ic = oc / s.outPerGroup() * s.inPerGroup() + icg;
                                        int i = inputIndex(s, b, ic, oh * s.strideH() - s.padH() + kh * s.dilationH(),
                                                ow * s.strideW() - s.padW() + kw * s.dilationW());
                                        if (i < 0) continue;
                                        int wi = ((oc * s.inPerGroup() + icg) * s.kH() + kh) * s.kW() + kw;
                                        out[o] += (double) x[i] * w[wi];
                                        gradIn[i] += (double) g[o] * w[wi];
                                        gradW[wi] += (double) x[i] * g[o];
                                    }
                        }
            DeviceBuffer xb = upload(device, x), wb = upload(device, w), bb = upload(device, bias), gb = upload(device, g);
            DeviceBuffer ob = device.allocate(DType.F32, outN), gib = device.allocate(DType.F32, inN), gwb = device.allocate(DType.F32, wN);
            device.fill(ob, 0, outN, Float.NaN);
            device.fill(gib, 0, inN, Float.NaN);
            device.fill(gwb, 0, wN, Float.NaN);
            device.conv2d(s, xb, wb, bb, ob);
            device.conv2dBackwardInput(s, gb, wb, gib);
            device.conv2dBackwardWeight(s, xb, gb, gwb);
            double tol = 2e-6 * Math.sqrt(s.inPerGroup() * s.kH() * s.kW() + 1);
            assertClose(toFloats(out), download(device, ob), tol, 1e-5, "conv2d " + s);
            assertClose(toFloats(gradIn), download(device, gib), tol, 1e-5, "conv2dBackwardInput " + s);
            assertClose(toFloats(gradW), download(device, gwb), 2e-6 * Math.sqrt(outN + 1), 1e-5, "conv2dBackwardWeight " + s);
            // Without bias.
            device.conv2d(s, xb, wb, null, ob);
            for (int o = 0; o < outN; o++) out[o] -= bias[(o / (s.outH() * s.outW())) % s.outC()];
            assertClose(toFloats(out), download(device, ob), tol, 1e-5, "conv2d without bias " + s);
            releaseAll(device, xb, wb, bb, gb, ob, gib, gwb);
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    static float[] toFloats(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) x[i];
        return y;
    }

    static final Pool2dShape[] POOLS = {
        new Pool2dShape(2, 3, 28, 28, 2, 2, 2, 2, 0, 0),
        new Pool2dShape(1, 2, 13, 13, 2, 2, 2, 2, 0, 0),   // odd size: last row/column dropped
        new Pool2dShape(2, 1, 17, 9, 3, 3, 2, 2, 1, 1),    // overlapping windows with padding
        new Pool2dShape(1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
        new Pool2dShape(3, 2, 5, 7, 3, 2, 1, 3, 1, 0),
        // at least 16 planes: the Vector API path takes planes 16 at a time (the rest: scalar)
        new Pool2dShape(4, 9, 11, 11, 2, 2, 2, 2, 0, 0),   // the CNN's second pool; 36 planes = 2 groups + 4
        new Pool2dShape(2, 17, 8, 9, 3, 3, 2, 1, 0, 0),    // overlapping, unpadded, unequal strides
        new Pool2dShape(8, 32, 26, 26, 2, 2, 2, 2, 0, 0),  // large enough to be split across threads
    };

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void maxAndAveragePoolingForwardAndBackward(JavaDevice device) {
        Random random = new Random(31);
        for (Pool2dShape s : POOLS) {
            int planes = s.batch() * s.channels(), inP = s.inH() * s.inW(), outP = s.outH() * s.outW();
            float[] x = randomFloats(random, planes * inP), g = randomFloats(random, planes * outP);
            float[] max = new float[planes * outP], avg = new float[planes * outP];
            int[] arg = new int[planes * outP];
            double[] maxGrad = new double[planes * inP], avgGrad = new double[planes * inP];
            for (int p = 0; p < planes; p++)
                for (int oh = 0; oh < s.outH(); oh++)
                    for (int ow = 0; ow < s.outW(); ow++) {
                        int o = p * outP + oh * s.outW() + ow;
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        double sum = 0;
                        for (int kh = 0; kh < s.kH(); kh++)
                            for (int kw = 0; kw < s.kW(); kw++) {
                                int h = oh * s.strideH() - s.padH() + kh, w = ow * s.strideW() - s.padW() + kw;
                                if (h < 0 || h >= s.inH() || w < 0 || w >= s.inW()) continue;
                                float v = x[p * inP + h * s.inW() + w];
                                sum += v;
                                if (v > best) { best = v; bestAt = h * s.inW() + w; }
                            }
                        max[o] = best;
                        arg[o] = bestAt;
                        avg[o] = (float) (sum / (s.kH() * s.kW()));
                        maxGrad[p * inP + bestAt] += g[o];
                        for (int kh = 0; kh < s.kH(); kh++)
                            for (int kw = 0; kw < s.kW(); kw++) {
                                int h = oh * s.strideH() - s.padH() + kh, w = ow * s.strideW() - s.padW() + kw;
                                if (h < 0 || h >= s.inH() || w < 0 || w >= s.inW()) continue;
                                avgGrad[p * inP + h * s.inW() + w] += g[o] / (double) (s.kH() * s.kW());
                            }
                    }
            DeviceBuffer xb = upload(device, x), gb = upload(device, g);
            DeviceBuffer ob = device.allocate(DType.F32, planes * outP), ab = device.allocate(DType.I32, planes * outP);
            DeviceBuffer gib = device.allocate(DType.F32, planes * inP);
            device.maxPool2d(s, xb, ob, ab);
            assertArrayEquals(max, download(device, ob), "maxPool2d " + s);
            assertArrayEquals(arg, downloadInts(device, ab), "maxPool2d argmax " + s);
            device.fill(gib, 0, gib.length(), Float.NaN);
            device.maxPool2dBackward(s, gb, ab, gib);
            assertClose(toFloats(maxGrad), download(device, gib), 1e-6, 1e-6, "maxPool2dBackward " + s);
            device.avgPool2d(s, xb, ob);
            assertClose(avg, download(device, ob), 1e-6, 1e-5, "avgPool2d " + s);
            device.fill(gib, 0, gib.length(), Float.NaN);
            device.avgPool2dBackward(s, gb, gib);
            assertClose(toFloats(avgGrad), download(device, gib), 1e-6, 1e-5, "avgPool2dBackward " + s);
            releaseAll(device, xb, gb, ob, ab, gib);
        }
        assertEquals(0, device.memoryStats().liveBuffers());
    }

    /**
     * The branch-free max-pool picks the first maximum by value equality: check ties, NaN (wins,
     * first NaN's index), -0 before +0 (the first, -0, is both the value and the index) and all -inf.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("devices")
    void maxPoolTiesNaNAndSignedZeros(JavaDevice device) {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        // one 2x4 plane: four 2x2 windows at stride 2 would need 2x8; use 2x8 with 4 windows
        float[] x = {
            1, 3,    -0f, 0f,   -inf, -inf,  5, 5,
            3, 2,     0f, -0f,  -inf, -inf,  nan, 5,
        };
        for (Pool2dShape s : new Pool2dShape[] {new Pool2dShape(1, 1, 2, 8, 2, 2, 2, 2, 0, 0)}) {
            DeviceBuffer xb = upload(device, x);
            DeviceBuffer ob = device.allocate(DType.F32, 4), ab = device.allocate(DType.I32, 4);
            device.maxPool2d(s, xb, ob, ab);
            float[] out = download(device, ob);
            assertArrayEquals(new int[] {1, 2, 4, 14}, downloadInts(device, ab), "argmax");
            assertEquals(3f, out[0]);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(out[1]), "-0 first wins");
            assertEquals(-inf, out[2]);
            assertTrue(Float.isNaN(out[3]), "NaN wins");
            releaseAll(device, xb, ob, ab);
        }
        // a 3x3 window (the general path) with the NaN last and a tie before it
        Pool2dShape s = new Pool2dShape(1, 1, 3, 3, 3, 3, 1, 1, 0, 0);
        DeviceBuffer xb = upload(device, new float[] {0, 7, 1, 7, 2, 3, 4, 5, nan});
        DeviceBuffer ob = device.allocate(DType.F32, 1), ab = device.allocate(DType.I32, 1);
        device.maxPool2d(s, xb, ob, ab);
        assertArrayEquals(new int[] {8}, downloadInts(device, ab));
        device.fill(xb, 8, 1, 6f);
        device.maxPool2d(s, xb, ob, ab);
        assertArrayEquals(new int[] {1}, downloadInts(device, ab));
        assertArrayEquals(new float[] {7f}, download(device, ob));
        releaseAll(device, xb, ob, ab);
    }

    /**
     * Many ties, signed zeros and some NaN over enough planes for the Vector API path, checked
     * against the rule written out: the first NaN in scan order if there is one, else the first
     * value that no later value exceeds (-0 and +0 are equal, so the first of them stays).
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("devices")
    void maxPoolFirstMaximumRuleOnManyPlanes(JavaDevice device) {
        float[] values = {-1f, -0f, 0f, 0f, 0f, 1f, 1f, 2f, Float.NEGATIVE_INFINITY, Float.NaN};
        Random random = new Random(5);
        // rows of 5 outputs (gathers), of 13 and 17 (two vectors of upper and lower rows per L outputs:
        // one vector's worth and a ragged one), a 3x3 window; each with -inf and NaN in most planes
        // (which the vector paths hand to the scalar rule), and finite only (which they keep)
        for (Pool2dShape s : new Pool2dShape[] {new Pool2dShape(3, 11, 6, 10, 2, 2, 2, 2, 0, 0),
                                                new Pool2dShape(2, 9, 6, 26, 2, 2, 2, 2, 0, 0),
                                                new Pool2dShape(3, 7, 5, 35, 2, 2, 2, 2, 0, 0),
                                                new Pool2dShape(2, 17, 7, 7, 3, 3, 2, 2, 0, 0)})
        for (boolean finite : new boolean[] {false, true}) {
            int planes = s.batch() * s.channels(), inP = s.inH() * s.inW(), outP = s.outH() * s.outW();
            float[] x = new float[planes * inP];
            for (int i = 0; i < x.length; i++) x[i] = values[random.nextInt(finite ? values.length - 2 : random.nextInt(8) == 0 ? values.length : values.length - 1)];
            int[] arg = new int[planes * outP];
            for (int p = 0; p < planes; p++)
                for (int oh = 0; oh < s.outH(); oh++)
                    for (int ow = 0; ow < s.outW(); ow++) {
                        int bestAt = -1;
                        for (int kh = 0; kh < s.kH(); kh++)
                            for (int kw = 0; kw < s.kW(); kw++) {
                                int at = (oh * s.strideH() + kh) * s.inW() + ow * s.strideW() + kw;
                                float v = x[p * inP + at];
                                float best = bestAt < 0 ? 0 : x[p * inP + bestAt];
                                if (bestAt < 0 || (Float.isNaN(v) && !Float.isNaN(best)) || (!Float.isNaN(best) && v > best)) bestAt = at;
                            }
                        arg[p * outP + oh * s.outW() + ow] = bestAt;
                    }
            DeviceBuffer xb = upload(device, x);
            DeviceBuffer ob = device.allocate(DType.F32, planes * outP), ab = device.allocate(DType.I32, planes * outP);
            device.maxPool2d(s, xb, ob, ab);
            assertArrayEquals(arg, downloadInts(device, ab), "argmax " + s);
            float[] out = download(device, ob);
            for (int o = 0; o < out.length; o++) {
                float expected = x[(o / outP) * inP + arg[o]];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[o]), "output " + o + " of " + s);
            }
            releaseAll(device, xb, ob, ab);
        }
    }

    /**
     * The input gradient with an infinite weight: only the inputs that the infinite tap touches
     * may be non-finite (a faster path that multiplied padding zeros by the weights, 0 * inf = NaN,
     * would spread NaN to others).
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("devices")
    void inputGradientWithAnInfiniteWeightStaysFiniteElsewhere(JavaDevice device) {
        Conv2dShape s = new Conv2dShape(2, 2, 6, 7, 3, 3, 3, 1, 1, 0, 0);
        int inN = 2 * 2 * 6 * 7, wN = 3 * 2 * 3 * 3, outN = 2 * 3 * 4 * 5;
        Random random = new Random(8);
        float[] w = randomFloats(random, wN), g = randomFloats(random, outN);
        int tap = ((1 * 2 + 1) * 3 + 2) * 3 + 2; // oc 1, ic 1, kh 2, kw 2
        w[tap] = Float.POSITIVE_INFINITY;
        DeviceBuffer wb = upload(device, w), gb = upload(device, g), gib = device.allocate(DType.F32, inN);
        device.conv2dBackwardInput(s, gb, wb, gib);
        float[] gi = download(device, gib);
        for (int b = 0; b < 2; b++)
            for (int ic = 0; ic < 2; ic++)
                for (int h = 0; h < 6; h++)
                    for (int x = 0; x < 7; x++) {
                        boolean reached = ic == 1 && h >= 2 && x >= 2; // (oh + 2, ow + 2) for every output
                        float v = gi[((b * 2 + ic) * 6 + h) * 7 + x];
                        if (!reached) assertTrue(Float.isFinite(v), "input gradient at " + b + "," + ic + "," + h + "," + x + " = " + v);
                        else assertFalse(Float.isFinite(v), "the infinite tap reaches " + b + "," + ic + "," + h + "," + x);
                    }
        releaseAll(device, wb, gb, gib);
    }

    /**
     * The input gradient's two layouts: col with the input's row pitch (zeros past each output
     * row), added back in runs, gives the same bits as the dense col added back row by row, with the
     * vector row kernels and the scalar ones; gatherGradientRows lays the gradients out that way.
     */
    @Test
    void inputGradientRunsMatchRowByRowBitForBit() {
        for (Conv2dShape s : List.of(new Conv2dShape(3, 2, 13, 13, 4, 3, 3, 1, 1, 0, 0), new Conv2dShape(2, 3, 9, 20, 2, 2, 5, 1, 1, 0, 0),
                new Conv2dShape(1, 1, 6, 40, 1, 4, 2, 1, 1, 0, 0))) {
            assertTrue(Convolution.inputPitchRuns(s), s.toString());
            int k = s.inC() * s.kH() * s.kW(), g = s.batch(), outH = s.outH(), outW = s.outW(), inW = s.inW();
            int dense = g * outH * outW, pitched = g * outH * inW;
            Random random = new Random(k + dense);
            float[] col = new float[k * dense], colRuns = new float[k * pitched];
            for (int row = 0; row < k; row++)
                for (int i = 0; i < g; i++)
                    for (int oh = 0; oh < outH; oh++)
                        for (int ow = 0; ow < outW; ow++) {
                            float v = random.nextFloat() * 2 - 1;
                            col[row * dense + (i * outH + oh) * outW + ow] = v;
                            colRuns[row * pitched + (i * outH + oh) * inW + ow] = v;
                        }
            int inN = g * s.inC() * s.inH() * inW;
            float[] expected = new float[inN];
            Convolution.col2im(s, col, 0, g, expected);
            for (RowKernels rows : List.of(RowKernels.SCALAR, MicroKernels.vectorRows())) {
                float[] actual = new float[inN];
                java.util.Arrays.fill(actual, Float.NaN);   // col2imRuns zeroes its images first
                Convolution.col2imRuns(s, colRuns, 0, g, actual, rows);
                assertArrayEquals(expected, actual, s + " with " + rows.getClass().getSimpleName());
            }
            // the output gradients [g, outC, outH, outW] become [outC, g * outH * inW], zeros after each row
            float[] gradOut = new float[g * s.outC() * outH * outW];
            for (int i = 0; i < gradOut.length; i++) gradOut[i] = i + 1;
            float[] grads = new float[s.outC() * pitched];
            java.util.Arrays.fill(grads, Float.NaN);
            Convolution.gatherGradientRows(s, gradOut, 0, g, grads);
            for (int oc = 0; oc < s.outC(); oc++)
                for (int i = 0; i < g; i++)
                    for (int oh = 0; oh < outH; oh++)
                        for (int x = 0; x < inW; x++) {
                            float want = x < outW ? gradOut[((i * s.outC() + oc) * outH + oh) * outW + x] : 0f;
                            assertEquals(want, grads[oc * pitched + (i * outH + oh) * inW + x], s + " grads " + oc + "," + i + "," + oh + "," + x);
                        }
        }
    }
}
