package dev.dendrite.bench.suite;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.opencl.OpenClDevice;
import org.jocl.blast.CLBlast;
import org.jocl.blast.CLBlastLayout;
import org.jocl.blast.CLBlastTranspose;
import org.jocl.cl_mem;

/**
 * CLBlast's SGEMM, the tuned OpenCL BLAS, on the OpenCL device's own queue and buffers: the
 * yardstick the matmul ladder is measured against (the variant {@code clblast} of the sgemm rows).
 * CLBlast comes with org.jocl:jocl-blast, which bundles its native library; when that cannot load
 * (another OS or CPU architecture, no OpenCL 1.2 loader), {@link #unavailableReason()} says why.
 */
public final class ClBlastSgemm implements MatmulVariant {
    /** Why CLBlast cannot run here, or null: loading its native libraries is tried once. */
    private static final String LOAD_FAILURE = load();

    private final OpenClDevice device;

    public ClBlastSgemm(OpenClDevice device) {
        this.device = device;
    }

    private static String load() {
        try {
            CLBlast.setExceptionsEnabled(true);   // the class's static initialiser loads the libraries
            return null;
        } catch (LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "CLBlast did not load: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override public String name() { return "clblast"; }

    @Override public Device device() { return device; }

    @Override public String unavailableReason() { return LOAD_FAILURE; }

    @Override public boolean reference() { return true; }

    /** Row-major C = op(A) op(B), one call for the whole batch (strided batched when batch > 1). */
    @Override public void matmul(MatmulShape s, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c) {
        int layout = CLBlastLayout.CLBlastLayoutRowMajor;
        int ta = s.transA() ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo;
        int tb = s.transB() ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo;
        long lda = s.transA() ? s.m() : s.k();     // the stored row length of A: [m, k], or [k, m] transposed
        long ldb = s.transB() ? s.k() : s.n();
        long ldc = s.n();
        device.enqueueForeign((queue, mem) -> {
            cl_mem ma = mem[0], mb = mem[1], mc = mem[2];
            if (s.batch() == 1) {
                CLBlast.CLBlastSgemm(layout, ta, tb, s.m(), s.n(), s.k(), 1f, ma, aOffset, lda, mb, bOffset, ldb,
                        0f, mc, 0, ldc, queue, null);
            } else {
                CLBlast.CLBlastSgemmStridedBatched(layout, ta, tb, s.m(), s.n(), s.k(), 1f,
                        ma, aOffset, lda, s.aBatchStride(), mb, bOffset, ldb, s.bBatchStride(),
                        0f, mc, 0, ldc, (long) s.m() * s.n(), s.batch(), queue, null);
            }
        }, a, b, c);
    }
}
