package dev.dendrite.kernels.ops;

import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.kernels.Launch;
import dev.dendrite.kernels.LaunchGeometry;

/**
 * Layer normalisation (layernorm.cl): the forward pass and the input gradient with a work-group
 * per row, gamma's and beta's gradients with a work-item per column.
 */
final class LayerNormOps {
    /** Work-items per row, as LN_GROUP in layernorm.cl. */
    static final int GROUP = 64;

    private final KernelDevice device;

    LayerNormOps(KernelDevice device) {
        this.device = device;
    }

    void forward(int rows, int cols, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                 DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd) {
        String op = "layerNorm [" + rows + ", " + cols + "]";
        checkSizes(op, rows, cols);
        KernelBuffer xb = sized(x, op, "x", (long) rows * cols), yb = sized(y, op, "y", (long) rows * cols);
        KernelBuffer mb = sized(mean, op, "mean", rows), rb = sized(rstd, op, "rstd", rows);
        // an absent gamma or beta is passed as x: the kernel never reads it
        KernelBuffer gb = gamma == null ? xb : sized(gamma, op, "gamma", cols);
        KernelBuffer bb = beta == null ? xb : sized(beta, op, "beta", cols);
        if (rows == 0) return;
        device.call("layernorm", "layernorm_forward").arg(cols).arg(eps).arg(xb).arg(gamma != null).arg(gb)
                .arg(beta != null).arg(bb).arg(yb).arg(mb).arg(rb)
                .launch(new Launch(new long[] {(long) rows * GROUP}, new long[] {GROUP}));
    }

    void backward(int rows, int cols, DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gamma, DeviceBuffer mean,
                  DeviceBuffer rstd, DeviceBuffer gradIn, DeviceBuffer gradGamma, DeviceBuffer gradBeta) {
        String op = "layerNormBackward [" + rows + ", " + cols + "]";
        checkSizes(op, rows, cols);
        long n = (long) rows * cols;
        KernelBuffer xb = sized(x, op, "x", n), gb = sized(gradOut, op, "gradOut", n);
        KernelBuffer mb = sized(mean, op, "mean", rows), rb = sized(rstd, op, "rstd", rows);
        KernelBuffer gammaB = gamma == null ? xb : sized(gamma, op, "gamma", cols);
        KernelBuffer dx = gradIn == null ? null : sized(gradIn, op, "gradIn", n);
        KernelBuffer dg = gradGamma == null ? null : sized(gradGamma, op, "gradGamma", cols);
        KernelBuffer db = gradBeta == null ? null : sized(gradBeta, op, "gradBeta", cols);
        if (dx != null && rows > 0) {
            device.call("layernorm", "layernorm_backward_input").arg(cols).arg(xb).arg(gb).arg(gamma != null).arg(gammaB)
                    .arg(mb).arg(rb).arg(dx)
                    .launch(new Launch(new long[] {(long) rows * GROUP}, new long[] {GROUP}));
        }
        if (dg != null || db != null) {
            // with no rows the sums are zero: the kernel's loop simply runs no times
            device.call("layernorm", "layernorm_backward_params").arg(rows).arg(cols).arg(xb).arg(gb).arg(mb).arg(rb)
                    .arg(dg != null).arg(dg != null ? dg : xb).arg(db != null).arg(db != null ? db : xb)
                    .launch(LaunchGeometry.linear(cols));
        }
    }

    private static void checkSizes(String op, int rows, int cols) {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException(op + ": rows must be at least 0 and cols at least 1");
        }
    }

    /** {@code b} as this device's buffer, holding at least {@code count} elements. */
    private KernelBuffer sized(DeviceBuffer b, String op, String what, long count) {
        KernelBuffer kb = device.own(b, op);
        if (kb.length() < count) {
            throw new IllegalArgumentException(device.name() + " " + op + ": " + what + " has " + kb.length()
                    + " elements, needs " + count);
        }
        return kb;
    }
}
