package dev.dendrite.autograd;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A finite-difference check for every differentiable op, with odd sizes, broadcasting and
 * non-contiguous operands (made inside the checked function with t(), permute or slice).
 */
class GradCheckTest {
    static final Device D = Devices.java();
    final Random random = new Random(23);

    /** Smooth inputs in [-1.5, 1.5]. */
    Tensor rnd(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() * 3 - 1.5);
        return of(v, shape);
    }

    /** Positive inputs in [0.5, 2]. */
    Tensor pos(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (0.5 + random.nextDouble() * 1.5);
        return of(v, shape);
    }

    /** Distinct values at least 0.1 apart and at least 0.05 from zero: safe around kinks and ties. */
    Tensor spaced(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (perm[i] - n / 2 + 0.5f) * 0.1f;
        return of(v, shape);
    }

    static Tensor of(float[] v, int... shape) {
        if (shape.length == 0) return Tensor.of(D, v, 1).reshape();
        return Tensor.of(D, v, shape);
    }

    static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.defaults().check(name, f, inputs);
    }

    @Test
    void theCheckerCatchesAWrongGradient() {
        // x.detach() * x has value x^2 but autograd sees only one factor: gradient x instead of 2x
        AssertionError e = assertThrows(AssertionError.class,
                () -> check("wrong", in -> in[0].detach().mul(in[0]), rnd(5)));
        assertTrue(e.getMessage().startsWith("gradCheck wrong: 5 gradients off"), e.getMessage());
    }

    @Test
    void binaryOpsWithBroadcasting() {
        check("add", in -> in[0].add(in[1]), rnd(3, 17), rnd(17));
        check("sub", in -> in[0].sub(in[1]), rnd(3, 1), rnd(1, 5));
        check("mul", in -> in[0].mul(in[1]), rnd(2, 3, 1), rnd(3, 4));
        check("div", in -> in[0].div(in[1]), rnd(4, 3), pos(3));
        check("pow", in -> in[0].pow(in[1]), pos(3, 4), rnd(4));
        check("maximum", in -> in[0].maximum(in[1]), spaced(3, 5), spaced(5).mul(0.37f).add(0.013f));
        check("minimum", in -> in[0].minimum(in[1]), spaced(3, 5), spaced(3, 1).mul(0.37f).add(0.013f));
        check("where", in -> Tensor.where(in[0].gt(0f), in[1], in[2]), spaced(4, 3), rnd(4, 3), rnd(3));
        check("non-contiguous mul", in -> in[0].t().mul(in[1].slice(0, 0, 6, 2)), rnd(5, 3), rnd(6, 5));
        check("scalar broadcast", in -> in[0].mul(in[1]), rnd(17), rnd());
    }

    @Test
    void scalarOps() {
        check("add scalar", in -> in[0].add(2f), rnd(3));
        check("sub scalar", in -> in[0].sub(2f), rnd(3));
        check("mul scalar", in -> in[0].mul(-1.5f), rnd(3));
        check("div scalar", in -> in[0].div(4f), rnd(3));
        check("rsub", in -> in[0].rsub(1f), rnd(3));
        check("rdiv", in -> in[0].rdiv(2f), pos(5));
        check("pow scalar", in -> in[0].pow(3f), rnd(5));
        check("pow fractional", in -> in[0].pow(1.5f), pos(5));
        check("maximum scalar", in -> in[0].maximum(0.02f), spaced(17));
        check("minimum scalar", in -> in[0].minimum(0.02f), spaced(17));
        check("clamp", in -> in[0].clamp(-0.52f, 0.33f), spaced(33));
    }

    @Test
    void unaryFunctions() {
        check("neg", in -> in[0].neg(), rnd(3, 4));
        check("exp", in -> in[0].exp(), rnd(17));
        check("log", in -> in[0].log(), pos(17));
        check("sqrt", in -> in[0].sqrt(), pos(17));
        check("rsqrt", in -> in[0].rsqrt(), pos(17));
        check("abs", in -> in[0].abs(), spaced(17));
        check("square", in -> in[0].square(), rnd(17));
        check("reciprocal", in -> in[0].reciprocal(), pos(17));
        check("relu", in -> in[0].relu(), spaced(33));
        check("sigmoid", in -> in[0].sigmoid(), rnd(17));
        check("tanh", in -> in[0].tanh(), rnd(17));
        check("gelu", in -> in[0].gelu(), rnd(17));
        check("leakyRelu", in -> in[0].leakyRelu(0.1f), spaced(33));
    }

    @Test
    void reductions() {
        check("sum all", in -> in[0].sum(), rnd(3, 17));
        check("sum axis", in -> in[0].sum(1, false), rnd(3, 17, 2));
        check("sum axes keepdim", in -> in[0].sum(new int[] {0, 2}, true), rnd(3, 5, 2));
        check("mean", in -> in[0].mean(-1, false), rnd(4, 33));
        check("mean all", in -> in[0].mean(), rnd(3, 5));
        check("max axis", in -> in[0].max(1, false), spaced(3, 17));
        check("max all", in -> in[0].max(), spaced(5, 3));
        check("min axes", in -> in[0].min(new int[] {0, 2}, true), spaced(3, 4, 2));
        check("sum of transposed", in -> in[0].t().sum(0, false), rnd(5, 3));
    }

    @Test
    void views() {
        check("reshape", in -> in[0].reshape(3, -1).mul(in[1]), rnd(2, 6), rnd(4));
        check("reshape copy", in -> in[0].t().reshape(-1).mul(in[1]), rnd(3, 4), rnd(12));
        check("view", in -> in[0].view(6, 2), rnd(3, 4));
        check("permute", in -> in[0].permute(2, 0, 1).mul(in[1]), rnd(2, 3, 4), rnd(4, 2, 3));
        check("transpose", in -> in[0].transpose(0, 1).mul(in[1]), rnd(3, 5), rnd(5, 3));
        check("slice", in -> in[0].slice(1, 1, 17, 3).square(), rnd(3, 17));
        check("select", in -> in[0].select(0, 1).exp(), rnd(3, 4));
        check("narrow", in -> in[0].narrow(-1, 2, 3).mul(2f), rnd(2, 6));
        check("expand", in -> in[0].expand(4, 3, 5).mul(in[1]), rnd(3, 1), rnd(4, 3, 5));
        check("squeeze", in -> in[0].squeeze().mul(in[1]), rnd(3, 1, 4), rnd(3, 4));
        check("unsqueeze", in -> in[0].unsqueeze(1).mul(in[1]), rnd(3, 4), rnd(3, 2, 4));
        check("flatten", in -> in[0].flatten(1).mul(in[1]), rnd(2, 3, 4), rnd(12));
        check("contiguous", in -> in[0].t().contiguous().mul(in[1]), rnd(3, 4), rnd(4, 3));
        check("clone", in -> in[0].clone().square(), rnd(5));
        check("concat", in -> Tensor.concat(1, in[0], in[1].t(), in[0].square()), rnd(2, 3), rnd(5, 2));
        check("stack", in -> Tensor.stack(0, in[0], in[1].exp()), rnd(3, 4), rnd(3, 4));
    }

    @Test
    void matmul() {
        check("matmul 2-D", in -> in[0].matmul(in[1]), rnd(3, 17), rnd(17, 5));
        check("matmul transposed", in -> in[0].t().matmul(in[1].t()), rnd(4, 3), rnd(5, 4));
        check("matmul batched", in -> in[0].matmul(in[1]), rnd(2, 3, 4), rnd(2, 4, 5));
        check("matmul broadcast", in -> in[0].matmul(in[1]), rnd(3, 4), rnd(2, 4, 5));
        check("matmul broadcast both", in -> in[0].matmul(in[1]), rnd(2, 1, 3, 4), rnd(3, 4, 2));
        check("matmul vector", in -> in[0].matmul(in[1]), rnd(4), rnd(4, 3));
        check("matvec", in -> in[0].matmul(in[1]), rnd(3, 4), rnd(4));
        check("dot", in -> in[0].matmul(in[1]), rnd(5), rnd(5));
    }

    @Test
    void convolutionAndPooling() {
        check("conv2d", in -> Tensor.conv2d(in[0], in[1], in[2], 1, 1), rnd(2, 3, 5, 5), rnd(4, 3, 3, 3), rnd(4));
        check("conv2d stride", in -> Tensor.conv2d(in[0], in[1], null, new int[] {2, 1}, new int[] {0, 1}),
                rnd(1, 2, 7, 6), rnd(3, 2, 3, 2));
        check("conv2d strided input", in -> Tensor.conv2d(in[0].permute(0, 1, 3, 2), in[1], null, 1, 0),
                rnd(1, 2, 5, 4), rnd(2, 2, 2, 2));
        check("conv2d dilated", in -> Tensor.conv2d(in[0], in[1], in[2], new int[] {1, 2}, new int[] {2, 1},
                new int[] {2, 3}, 1), rnd(2, 2, 7, 8), rnd(3, 2, 3, 2), rnd(3));
        check("conv2d groups", in -> Tensor.conv2d(in[0], in[1], in[2], new int[] {1, 1}, new int[] {1, 0},
                new int[] {1, 1}, 2), rnd(2, 4, 5, 4), rnd(6, 2, 3, 2), rnd(6));
        check("conv2d depthwise strided dilated", in -> Tensor.conv2d(in[0], in[1], null, new int[] {2, 2}, new int[] {1, 1},
                new int[] {2, 2}, 3), rnd(1, 3, 7, 7), rnd(3, 1, 3, 3));
        check("maxPool2d rectangular", in -> Tensor.maxPool2d(in[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}),
                spaced(1, 2, 5, 7));
        check("maxPool2d", in -> Tensor.maxPool2d(in[0], 2, 2, 0), spaced(2, 2, 4, 6));
        check("maxPool2d overlapping padded", in -> Tensor.maxPool2d(in[0], 3, 2, 1), spaced(1, 2, 5, 5));
        check("avgPool2d", in -> Tensor.avgPool2d(in[0], 3, 2, 1), rnd(2, 2, 5, 5));
    }

    @Test
    void softmaxFamily() {
        check("softmax", in -> in[0].softmax(1), rnd(3, 5));
        check("softmax axis 0", in -> in[0].softmax(0), rnd(4, 3, 2));
        check("logSoftmax", in -> in[0].logSoftmax(-1), rnd(3, 17));
        check("logSoftmax middle", in -> in[0].logSoftmax(1), rnd(2, 5, 3));
    }

    @Test
    void layerNorm() {
        check("layerNorm", in -> in[0].layerNorm(new int[] {5}, in[1], in[2], 1e-5f), rnd(4, 5), rnd(5), rnd(5));
        check("layerNorm two axes", in -> in[0].layerNorm(new int[] {2, 3}, in[1], in[2], 1e-5f), rnd(3, 2, 3), rnd(2, 3), rnd(2, 3));
        check("layerNorm without affine", in -> in[0].layerNorm(new int[] {7}, null, null, 1e-5f), rnd(3, 7));
        check("layerNorm weight only", in -> in[0].layerNorm(new int[] {4}, in[1], null, 1e-5f), rnd(2, 4), rnd(4));
        check("layerNorm of a transpose", in -> in[0].t().layerNorm(new int[] {3}, in[1], in[2], 1e-5f), rnd(3, 4), rnd(3), rnd(3));
        // a weighted sum downstream, so that the gradient reaching the op is not uniform
        check("layerNorm weighted", in -> in[0].layerNorm(new int[] {6}, in[1], in[2], 1e-5f).mul(in[3]), rnd(3, 6), rnd(6), rnd(6), rnd(3, 6));
    }

    @Test
    void indexing() {
        Tensor idx = Tensor.of(D, new int[] {2, 0, 0, 4, 1, 3}, 3, 2);
        check("gather", in -> in[0].gather(1, idx), rnd(3, 5));
        Tensor rows = Tensor.of(D, new int[] {1, 1, 0, 3});
        check("indexSelect", in -> in[0].indexSelect(0, rows), rnd(4, 3));
        check("indexSelect axis 1", in -> in[0].indexSelect(1, rows), rnd(2, 5));
        Tensor sIdx = Tensor.of(D, new int[] {2, 2, 0, 1}, 2, 2);
        check("scatterAdd", in -> in[0].scatterAdd(1, sIdx, in[1]), rnd(2, 3), rnd(2, 2));
        check("cross-entropy", in -> in[0].logSoftmax(1).gather(1, Tensor.of(D, new int[] {1, 0, 2}, 3, 1)).mean().neg(),
                rnd(3, 4));
    }

    @Test
    void dropoutUsesItsMask() {
        check("dropout", in -> in[0].dropout(0.3f, 7, 0), rnd(5, 17));
    }

    @Test
    void compositions() {
        // a small MLP with a mean-squared-error loss, through every kind of node at once
        check("mlp", in -> in[0].matmul(in[1]).add(in[2]).tanh().matmul(in[3]).sub(in[4]).square().mean(),
                rnd(5, 4), rnd(4, 6), rnd(6), rnd(6, 2), rnd(5, 2));
    }
}
