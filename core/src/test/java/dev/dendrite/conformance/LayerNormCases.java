package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;

import dev.dendrite.device.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalisation, forward and backward: rows of one value (variance 0: the output is beta),
 * rows shorter and longer than a kernel's work-group (1, 5, 64, 200 columns) and not a multiple
 * of it, with and without gamma and beta, values centred far from zero (a one-pass variance would
 * cancel), no rows, and each of the three gradients wanted alone.
 */
final class LayerNormCases {
    private LayerNormCases() {}

    /** Which of gamma and beta the op gets. */
    enum Affine { BOTH, GAMMA_ONLY, BETA_ONLY, NONE }

    private static final int[][] SHAPES = {{7, 1}, {9, 5}, {33, 64}, {17, 200}, {3, 1025}};

    static List<ConformanceCase> forward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] s : SHAPES) cases.add(forward(s[0], s[1], Affine.BOTH, 0f));
        cases.add(forward(5, 37, Affine.GAMMA_ONLY, 0f));
        cases.add(forward(5, 37, Affine.BETA_ONLY, 0f));
        cases.add(forward(5, 37, Affine.NONE, 0f));
        cases.add(forward(6, 65, Affine.BOTH, 100f));
        cases.add(forward(0, 8, Affine.BOTH, 0f));
        return cases;
    }

    static List<ConformanceCase> backward() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] s : SHAPES) cases.add(backward(s[0], s[1], true, "dx dgamma dbeta"));
        cases.add(backward(300, 24, true, "dx dgamma dbeta"));
        cases.add(backward(9, 37, false, "dx dgamma dbeta"));
        cases.add(backward(9, 37, true, "dx"));
        cases.add(backward(9, 37, true, "dgamma"));
        cases.add(backward(9, 37, true, "dbeta"));
        cases.add(backward(0, 8, true, "dx dgamma dbeta"));
        return cases;
    }

    private static ConformanceCase forward(int rows, int cols, Affine affine, float offset) {
        String label = "layerNorm [" + rows + ", " + cols + "]" + (affine == Affine.BOTH ? "" : " " + affine.toString().toLowerCase().replace('_', ' '))
                + (offset == 0 ? "" : " values around " + offset);
        OpCase c = new OpCase(label);
        float[] x = c.sample(Domain.ANY, rows * cols);
        for (int i = 0; i < x.length; i++) x[i] += offset;
        boolean hasGamma = affine == Affine.BOTH || affine == Affine.GAMMA_ONLY;
        boolean hasBeta = affine == Affine.BOTH || affine == Affine.BETA_ONLY;
        c.input("x", x).input("gamma", c.sample(Domain.ANY, cols)).input("beta", c.sample(Domain.ANY, cols));
        double scale = Tolerances.sumScale(cols, 3);
        return c.output("y", DType.F32, new int[] {rows, cols}, ACCUMULATION, scale)
                .output("mean", DType.F32, new int[] {rows}, ACCUMULATION, Tolerances.sumScale(cols, 1 + offset))
                .output("rstd", DType.F32, new int[] {rows}, ACCUMULATION, scale)
                .run((d, b) -> d.layerNorm(rows, cols, 1e-5f, b.get("x"), hasGamma ? b.get("gamma") : null,
                        hasBeta ? b.get("beta") : null, b.get("y"), b.get("mean"), b.get("rstd")));
    }

    /** {@code wanted} names the gradients asked for: some of "dx", "dgamma", "dbeta". */
    private static ConformanceCase backward(int rows, int cols, boolean hasGamma, String wanted) {
        String label = "layerNormBackward [" + rows + ", " + cols + "]" + (hasGamma ? "" : " without gamma") + " " + wanted;
        OpCase c = new OpCase(label);
        float[] x = c.sample(Domain.ANY, rows * cols);
        // the saved statistics, as a forward pass leaves them (double here, rounded once)
        float[] mean = new float[rows], rstd = new float[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0, squares = 0;
            for (int j = 0; j < cols; j++) sum += x[r * cols + j];
            double mu = sum / cols;
            for (int j = 0; j < cols; j++) squares += (x[r * cols + j] - mu) * (x[r * cols + j] - mu);
            mean[r] = (float) mu;
            rstd[r] = (float) (1 / Math.sqrt(squares / cols + 1e-5));
        }
        c.input("x", x).input("gradOut", c.sample(Domain.UNIT, rows * cols)).input("gamma", c.sample(Domain.ANY, cols))
                .input("mean", mean).input("rstd", rstd);
        boolean dx = wanted.contains("dx"), dg = wanted.contains("dgamma"), db = wanted.contains("dbeta");
        if (dx) c.output("dx", DType.F32, new int[] {rows, cols}, ACCUMULATION, Tolerances.sumScale(cols, 9));
        if (dg) c.output("dgamma", DType.F32, new int[] {cols}, ACCUMULATION, Tolerances.sumScale(rows, 3));
        if (db) c.output("dbeta", DType.F32, new int[] {cols}, ACCUMULATION, Tolerances.sumScale(rows, 1));
        return c.run((d, b) -> d.layerNormBackward(rows, cols, b.get("x"), b.get("gradOut"), hasGamma ? b.get("gamma") : null,
                b.get("mean"), b.get("rstd"), dx ? b.get("dx") : null, dg ? b.get("dgamma") : null, db ? b.get("dbeta") : null));
    }
}
