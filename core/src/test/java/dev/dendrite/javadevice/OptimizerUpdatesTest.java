package dev.dendrite.javadevice;

import static dev.dendrite.javadevice.JavaDevices.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused optimizer steps against the formulas in the params' javadoc, written out in double. */
class OptimizerUpdatesTest {

    static List<JavaDevice> devices() { return JavaDevices.all(); }

    static final int N = 70001; // above the parallel threshold, and odd

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void sgdWithAndWithoutMomentum(JavaDevice device) {
        Random random = new Random(50);
        for (SgdParams p : new SgdParams[] {
                new SgdParams(0.1f, 0f, 0f, 0f, false, true),
                new SgdParams(0.05f, 0.9f, 0f, 1e-4f, false, true),
                new SgdParams(0.05f, 0.9f, 0.1f, 1e-4f, false, false),
                new SgdParams(0.05f, 0.9f, 0f, 0f, true, false)}) {
            float[] w = randomFloats(random, N), g = randomFloats(random, N), v = randomFloats(random, N);
            double[] ew = new double[N], ev = new double[N];
            for (int i = 0; i < N; i++) {
                double gi = g[i] + (double) p.weightDecay() * w[i];
                double vi = v[i];
                if (p.momentum() != 0) {
                    vi = p.firstStep() ? gi : p.momentum() * vi + (1 - p.dampening()) * gi;
                    gi = p.nesterov() ? gi + p.momentum() * vi : vi;
                }
                ev[i] = vi;
                ew[i] = w[i] - p.lr() * gi;
            }
            DeviceBuffer wb = upload(device, w), gb = upload(device, g), vb = upload(device, v);
            device.sgdUpdate(wb, gb, p.momentum() == 0 ? null : vb, N, p);
            assertClose(ConvolutionAndPoolingTest.toFloats(ew), download(device, wb), 1e-6, 1e-5, "sgd param " + p);
            if (p.momentum() != 0) assertClose(ConvolutionAndPoolingTest.toFloats(ev), download(device, vb), 1e-6, 1e-5, "sgd velocity " + p);
            releaseAll(device, wb, gb, vb);
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void adamAndAdamW(JavaDevice device) {
        Random random = new Random(51);
        for (AdamParams p : new AdamParams[] {
                new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1),
                new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f, false, 7),
                new AdamParams(1e-3f, 0.9f, 0.99f, 1e-6f, 1e-2f, true, 3)}) {
            float[] w = randomFloats(random, N), g = randomFloats(random, N), m = randomFloats(random, N), v = randomFloats(random, N);
            for (int i = 0; i < N; i++) v[i] = Math.abs(v[i]);
            double[] ew = new double[N], em = new double[N], ev = new double[N];
            double bc1 = 1 - Math.pow(p.beta1(), p.step()), bc2 = 1 - Math.pow(p.beta2(), p.step());
            for (int i = 0; i < N; i++) {
                double wi = w[i], gi = g[i];
                if (p.decoupled()) wi = wi * (1 - (double) p.lr() * p.weightDecay());
                else gi = gi + (double) p.weightDecay() * wi;
                em[i] = p.beta1() * (double) m[i] + (1 - (double) p.beta1()) * gi;
                ev[i] = p.beta2() * (double) v[i] + (1 - (double) p.beta2()) * gi * gi;
                ew[i] = wi - p.lr() * (em[i] / bc1) / (Math.sqrt(ev[i] / bc2) + p.eps());
            }
            DeviceBuffer wb = upload(device, w), gb = upload(device, g), mb = upload(device, m), vb = upload(device, v);
            device.adamUpdate(wb, gb, mb, vb, N, p);
            assertClose(ConvolutionAndPoolingTest.toFloats(em), download(device, mb), 1e-6, 1e-5, "adam m " + p);
            assertClose(ConvolutionAndPoolingTest.toFloats(ev), download(device, vb), 1e-6, 1e-5, "adam v " + p);
            assertClose(ConvolutionAndPoolingTest.toFloats(ew), download(device, wb), 1e-6, 1e-5, "adam param " + p);
            releaseAll(device, wb, gb, mb, vb);
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared devices stay open
    @MethodSource("devices")
    void rmsprop(JavaDevice device) {
        Random random = new Random(52);
        for (RmspropParams p : new RmspropParams[] {
                new RmspropParams(1e-2f, 0.99f, 1e-8f, 0f, 0f),
                new RmspropParams(1e-2f, 0.9f, 1e-6f, 1e-3f, 0.9f)}) {
            float[] w = randomFloats(random, N), g = randomFloats(random, N), sq = randomFloats(random, N), buf = randomFloats(random, N);
            for (int i = 0; i < N; i++) sq[i] = Math.abs(sq[i]);
            double[] ew = new double[N], esq = new double[N], ebuf = new double[N];
            for (int i = 0; i < N; i++) {
                double gi = g[i] + (double) p.weightDecay() * w[i];
                esq[i] = p.alpha() * (double) sq[i] + (1 - (double) p.alpha()) * gi * gi;
                double step = gi / (Math.sqrt(esq[i]) + p.eps());
                if (p.momentum() != 0) {
                    ebuf[i] = p.momentum() * (double) buf[i] + step;
                    ew[i] = w[i] - p.lr() * ebuf[i];
                } else {
                    ew[i] = w[i] - p.lr() * step;
                }
            }
            DeviceBuffer wb = upload(device, w), gb = upload(device, g), sb = upload(device, sq), bb = upload(device, buf);
            device.rmspropUpdate(wb, gb, sb, p.momentum() == 0 ? null : bb, N, p);
            assertClose(ConvolutionAndPoolingTest.toFloats(esq), download(device, sb), 1e-6, 1e-5, "rmsprop square average " + p);
            assertClose(ConvolutionAndPoolingTest.toFloats(ew), download(device, wb), 1e-6, 1e-5, "rmsprop param " + p);
            if (p.momentum() != 0) assertClose(ConvolutionAndPoolingTest.toFloats(ebuf), download(device, bb), 1e-6, 1e-5, "rmsprop buffer " + p);
            releaseAll(device, wb, gb, sb, bb);
        }
    }
}
