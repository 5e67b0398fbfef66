package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MatmulShape;
import dev.dendrite.device.internal.MergedDims;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.UnaryOp;
import dev.dendrite.device.View;
import dev.dendrite.javadevice.JavaDevice;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The kit must catch broken devices, and say what broke. Each test wraps the java device in a
 * proxy that gets one thing wrong, runs the matching cases against the reference device, and
 * checks the failure message.
 */
class ConformanceKitSelfTest {

    private static final ReferenceDevice REFERENCE = new ReferenceDevice();
    private static final JavaDevice UNDER_TEST = new JavaDevice(JavaDevice.Options.scalar());

    @AfterAll
    static void closeDevices() {
        REFERENCE.close();
        UNDER_TEST.close();
    }

    /** What a broken device does instead of one method; returns true when it handled the call. */
    private interface Sabotage {
        boolean intercept(Device delegate, String method, Object[] args);
    }

    private static Device broken(Sabotage sabotage) {
        return (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (proxy, method, args) -> {
                    if (args != null && sabotage.intercept(UNDER_TEST, method.getName(), args)) return null;
                    try {
                        return method.invoke(UNDER_TEST, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Runs the cases whose name contains {@code filter}; returns the first failure's message. */
    private static String firstFailure(Device device, List<ConformanceCase> cases, String filter) {
        CaseContext context = new CaseContext(device, REFERENCE, Tolerances::standard);
        boolean ran = false;
        for (ConformanceCase c : cases) {
            if (!c.name().contains(filter)) continue;
            ran = true;
            try {
                c.run(context);
            } catch (AssertionFailedError e) {
                return e.getMessage();
            }
        }
        if (!ran) fail("no case matches '" + filter + "'");
        return fail("the kit passed a broken device on the cases matching '" + filter + "'");
    }

    @Test
    void anUnbrokenDevicePasses() {
        CaseContext context = new CaseContext(broken((d, m, a) -> false), REFERENCE, Tolerances::standard);
        for (ConformanceCase c : MatmulCases.all()) c.run(context);
        for (ConformanceCase c : DataMovementCases.copy()) c.run(context);
    }

    /**
     * The tolerances must accept any correct float32 device, whatever its summation order: here one
     * that computes matmul, SUM/MEAN and softmax with float accumulators, one term after another
     * (the largest drift a plain loop gives), against the reference's double sums.
     */
    @Test
    void aDeviceSummingSequentiallyInFloatPasses() {
        Device d = broken((real, m, a) -> {
            switch (m) {
                case "matmul": matmulInFloat(real, a); return true;
                case "reduce":
                    if (a[0] != ReduceOp.SUM && a[0] != ReduceOp.MEAN) return false;
                    sumInFloat(real, a, 0);
                    return true;
                case "softmax": softmaxInFloat(real, a); return true;
                default: return false;
            }
        });
        CaseContext context = new CaseContext(d, REFERENCE, Tolerances::standard);
        for (ConformanceCase c : MatmulCases.all()) c.run(context);
        for (ConformanceCase c : ReductionCases.all()) c.run(context);
        for (ConformanceCase c : SoftmaxCases.all()) c.run(context);
    }

    /**
     * A device whose transcendentals are a few ulp off, as OpenCL and CUDA allow (exp 3 ulp, pow 16,
     * tanh 5 ...), and whose Philox values are 1 ulp off: the elementwise, uniform and normal
     * tolerances must accept it. Every non-exact elementwise result is moved 4 ulp (16 for pow).
     */
    @Test
    void aDeviceWithinAFewUlpPassesElementwiseAndRandom() {
        Device d = broken((real, m, a) -> {
            switch (m) {
                case "unary": case "binary": {
                    invoke(real, m, a);
                    int ulps = a[0] == BinaryOp.POW || a[0] == UnaryOp.POW_SCALAR ? 16 : 4;
                    if (!isExact(a[0])) perturb(real, (DeviceBuffer) a[4], Shapes.numel((int[]) a[m.equals("unary") ? 2 : 1]), ulps);
                    return true;
                }
                case "random":
                    invoke(real, m, a);
                    perturb(real, (DeviceBuffer) a[0], (int) a[1], 1);
                    return true;
                default: return false;
            }
        });
        CaseContext context = new CaseContext(d, REFERENCE, Tolerances::standard);
        for (ConformanceCase c : ElementwiseCases.unary()) c.run(context);
        for (ConformanceCase c : ElementwiseCases.binary()) c.run(context);
        for (ConformanceCase c : RandomCases.all()) if (!c.name().contains("equals elements")) c.run(context);
    }

    private static boolean isExact(Object op) {
        String n = op.toString();
        return n.startsWith("EQ") || n.startsWith("NE") || n.startsWith("LT") || n.startsWith("LE") || n.startsWith("GT")
                || n.startsWith("GE") || n.startsWith("MAX") || n.startsWith("MIN") || n.equals("NEG") || n.equals("ABS")
                || n.equals("SIGN") || n.equals("RELU") || n.equals("RELU_BACKWARD");
    }

    private static void invoke(Device real, String method, Object[] args) {
        try {
            for (java.lang.reflect.Method m : Device.class.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    m.invoke(real, args);
                    return;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no method " + method);
    }

    /** Moves each of the first n elements {@code ulps} ulp up or down, alternately. */
    private static void perturb(Device real, DeviceBuffer buffer, int n, int ulps) {
        float[] x = read(real, buffer, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < ulps; k++) x[i] = i % 2 == 0 ? Math.nextUp(x[i]) : Math.nextDown(x[i]);
        }
        real.upload(x, 0, buffer, 0, n);
    }

    private static float[] read(Device real, Object buffer, int n) {
        float[] x = new float[n];
        real.download((DeviceBuffer) buffer, 0, x, 0, n);
        return x;
    }

    private static void matmulInFloat(Device real, Object[] a) {
        MatmulShape s = (MatmulShape) a[0];
        float[] A = read(real, a[1], ((DeviceBuffer) a[1]).length());
        float[] B = read(real, a[3], ((DeviceBuffer) a[3]).length());
        int aOffset = (int) a[2], bOffset = (int) a[4];
        float[] C = new float[s.batch() * s.m() * s.n()];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    float acc = 0;
                    for (int k = 0; k < s.k(); k++) {
                        float x = A[aOffset + b * s.aBatchStride() + (s.transA() ? k * s.m() + i : i * s.k() + k)];
                        float y = B[bOffset + b * s.bBatchStride() + (s.transB() ? j * s.k() + k : k * s.n() + j)];
                        acc += x * y;
                    }
                    C[(b * s.m() + i) * s.n() + j] = acc;
                }
            }
        }
        real.upload(C, 0, (DeviceBuffer) a[5], 0, C.length);
    }

    /** SUM or MEAN of reduce's arguments {@code a}, in float one term after another, leaving out the last {@code dropped} terms of each. */
    private static void sumInFloat(Device real, Object[] a, int dropped) {
        int outer = (int) a[2], len = (int) a[3], inner = (int) a[4];
        float[] x = read(real, a[1], outer * len * inner);
        float[] y = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float acc = 0;
                for (int j = 0; j < len - dropped; j++) acc += x[(o * len + j) * inner + i];
                y[o * inner + i] = a[0] == ReduceOp.MEAN ? acc / len : acc;
            }
        }
        real.upload(y, 0, (DeviceBuffer) a[5], 0, y.length);
    }

    private static void softmaxInFloat(Device real, Object[] a) {
        int outer = (int) a[1], len = (int) a[2], inner = (int) a[3];
        boolean log = (boolean) a[4];
        float[] x = read(real, a[0], outer * len * inner);
        float[] y = new float[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) max = Math.max(max, x[(o * len + j) * inner + i]);
                float sum = 0;
                for (int j = 0; j < len; j++) sum += (float) Math.exp(x[(o * len + j) * inner + i] - max);
                for (int j = 0; j < len; j++) {
                    float v = x[(o * len + j) * inner + i] - max;
                    y[(o * len + j) * inner + i] = log ? v - (float) Math.log(sum) : (float) Math.exp(v) / sum;
                }
            }
        }
        real.upload(y, 0, (DeviceBuffer) a[5], 0, y.length);
    }

    @Test
    void fillThatWritesOnePastTheEndIsCaught() {
        Device d = broken((real, m, a) -> {
            if (!m.equals("fill")) return false;
            DeviceBuffer dst = (DeviceBuffer) a[0];
            int offset = (int) a[1];
            int count = (int) a[2];
            real.fill(dst, offset, Math.min(count + 1, dst.length() - offset), (float) a[3]);
            return true;
        });
        String msg = firstFailure(d, DataMovementCases.fill(), "fill float32 length 129");
        assertTrue(msg.contains("fill float32 length 129 offset 0 count 129"), msg);
        assertTrue(msg.contains("guard element 0 past the end"), msg);
        assertTrue(msg.contains("expected ") && msg.contains(" but was 2.5"), msg);
    }

    @Test
    void matmulThatIgnoresTheOffsetOfBIsCaught() {
        Device d = broken((real, m, a) -> {
            if (!m.equals("matmul") || (int) a[4] == 0) return false;
            real.matmul((MatmulShape) a[0], (DeviceBuffer) a[1], (int) a[2], (DeviceBuffer) a[3], 0,
                    (DeviceBuffer) a[5]);
            return true;
        });
        String msg = firstFailure(d, MatmulCases.all(), "offsets");
        assertTrue(msg.startsWith("matmul "), msg);
        assertTrue(msg.contains("output 'c'") && msg.contains("index [0, "), msg);
        assertTrue(msg.contains("allowed") && msg.contains("rtol 1.0E-5"), msg);
    }

    @Test
    void argmaxThatPicksTheLastOfTiedMaximaIsCaught() {
        Device d = broken((real, m, a) -> {
            if (!m.equals("reduce") || a[0] != ReduceOp.ARGMAX) return false;
            DeviceBuffer src = (DeviceBuffer) a[1];
            int outer = (int) a[2], len = (int) a[3], inner = (int) a[4];
            float[] x = new float[outer * len * inner];
            real.download(src, 0, x, 0, x.length);
            int[] result = new int[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int best = 0;
                    for (int j = 1; j < len; j++) if (x[(o * len + j) * inner + i] >= x[(o * len + best) * inner + i]) best = j;
                    result[o * inner + i] = best;
                }
            }
            real.upload(result, 0, (DeviceBuffer) a[5], 0, result.length);
            return true;
        });
        String msg = firstFailure(d, ReductionCases.all(), "ARGMAX");
        assertTrue(msg.contains("with ties") && msg.contains("(int32)"), msg);
    }

    @Test
    void aLeakedBufferIsCaught() {
        Device d = broken((real, m, a) -> {
            if (m.equals("unary")) real.allocate(DType.F32, 16); // scratch never released
            return false;
        });
        long before = UNDER_TEST.memoryStats().liveBuffers();
        String msg = firstFailure(d, ElementwiseCases.unary(), "unary NEG [129] contiguous");
        assertTrue(msg.contains("live buffer count"), msg);
        assertTrue(UNDER_TEST.memoryStats().liveBuffers() > before, "the sabotage should have leaked");
    }

    @Test
    void anUnwrittenOutputIsReportedAsTheSentinel() {
        Device d = broken((real, m, a) -> m.equals("avgPool2dBackward"));
        String msg = firstFailure(d, PoolingCases.avgBackward(), "avgPool2d backward");
        assertTrue(msg.contains("never written"), msg);
    }

    /** The names of the cases that fail on {@code device} (an exception from the device counts too). */
    private static List<String> failingCases(Device device, List<ConformanceCase> cases) {
        CaseContext context = new CaseContext(device, REFERENCE, Tolerances::standard);
        List<String> failed = new ArrayList<>();
        for (ConformanceCase c : cases) {
            try {
                c.run(context);
            } catch (AssertionFailedError | RuntimeException e) {
                failed.add(c.name());
            }
        }
        return failed;
    }

    /**
     * A device that reads the outermost dimension of a view of rank 4 or more as if it were broadcast
     * (its index walk skips the last step beyond three dims, as a kernel tried only on rank 1-3
     * shapes might; OpenClKitSelfTest builds that very kernel). Every strided primitive must be
     * caught, and only by the rank 4-6 cases: below rank 4 the device is right, which is why the kit
     * needs them.
     */
    @Test
    void viewsOfRankFourOrMoreWithTheirOutermostDimReadAsBroadcastAreCaught() {
        Device d = broken((real, m, a) -> {
            switch (m) {
                case "unary": {
                    View[] v = outermostBroadcast((int[]) a[2], (View) a[3]);
                    if (v == null) return false;
                    real.unary((UnaryOp) a[0], (float) a[1], mergedShape((int[]) a[2], (View) a[3]), v[0], (DeviceBuffer) a[4]);
                    return true;
                }
                case "binary": {
                    View[] v = outermostBroadcast((int[]) a[1], (View) a[2], (View) a[3]);
                    if (v == null) return false;
                    real.binary((BinaryOp) a[0], mergedShape((int[]) a[1], (View) a[2], (View) a[3]), v[0], v[1], (DeviceBuffer) a[4]);
                    return true;
                }
                case "where": {
                    View[] v = outermostBroadcast((int[]) a[0], (View) a[1], (View) a[2], (View) a[3]);
                    if (v == null) return false;
                    real.where(mergedShape((int[]) a[0], (View) a[1], (View) a[2], (View) a[3]), v[0], v[1], v[2], (DeviceBuffer) a[4]);
                    return true;
                }
                case "copy": {
                    View[] v = outermostBroadcast((int[]) a[0], (View) a[1], (View) a[2]);
                    if (v == null) return false;
                    real.copy(mergedShape((int[]) a[0], (View) a[1], (View) a[2]), v[0], v[1]);
                    return true;
                }
                default: return false;
            }
        });
        Map<String, List<ConformanceCase>> families = Map.of("unary", ElementwiseCases.unary(), "binary",
                ElementwiseCases.binary(), "where", ElementwiseCases.where(), "copy", DataMovementCases.copy());
        families.forEach((family, cases) -> {
            List<String> failed = failingCases(d, cases);
            assertTrue(!failed.isEmpty(), family + ": the kit passed a device that gets rank 4+ views wrong");
            for (String name : failed) assertTrue(name.contains("stored in order"), family + ": only the rank 4-6 cases should fail: " + name);
        });
    }

    private static int[] mergedShape(int[] shape, View... views) {
        return MergedDims.of(shape, strides(views)).shape();
    }

    private static int[][] strides(View... views) {
        int[][] s = new int[views.length][];
        for (int k = 0; k < views.length; k++) s[k] = views[k].strides();
        return s;
    }

    /** The views over {@link #mergedShape} with the outermost stride 0; null below rank 4. */
    private static View[] outermostBroadcast(int[] shape, View... views) {
        MergedDims merged = MergedDims.of(shape, strides(views));
        if (merged.rank() < 4) return null;
        View[] out = new View[views.length];
        for (int k = 0; k < views.length; k++) {
            int[] s = merged.strides()[k].clone();
            s[0] = 0;
            out[k] = new View(views[k].buffer(), views[k].offset(), s);
        }
        return out;
    }

    /**
     * Comparisons that are wrong only on ties: LE answering as LT, GE as GT (and the reverse), EQ
     * never true, NE always true. On continuous random data no two values are equal and each of
     * these passes; the kit's integer-valued inputs tie often enough to catch every one.
     */
    @Test
    void comparisonsWrongOnlyOnTiesAreCaught() {
        Map<BinaryOp, BinaryOp> binaryTwin = Map.of(BinaryOp.LE, BinaryOp.LT, BinaryOp.LT, BinaryOp.LE,
                BinaryOp.GE, BinaryOp.GT, BinaryOp.GT, BinaryOp.GE);
        Map<UnaryOp, UnaryOp> unaryTwin = Map.of(UnaryOp.LE_SCALAR, UnaryOp.LT_SCALAR, UnaryOp.LT_SCALAR, UnaryOp.LE_SCALAR,
                UnaryOp.GE_SCALAR, UnaryOp.GT_SCALAR, UnaryOp.GT_SCALAR, UnaryOp.GE_SCALAR);
        for (BinaryOp op : List.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE)) {
            Device d = broken((real, m, a) -> {
                if (!m.equals("binary") || a[0] != op) return false;
                int n = Shapes.numel((int[]) a[1]);
                if (op == BinaryOp.EQ || op == BinaryOp.NE) real.fill((DeviceBuffer) a[4], 0, n, op == BinaryOp.EQ ? 0f : 1f);
                else real.binary(binaryTwin.get(op), (int[]) a[1], (View) a[2], (View) a[3], (DeviceBuffer) a[4]);
                return true;
            });
            String msg = firstFailure(d, ElementwiseCases.binary(), "binary " + op + " ");
            assertTrue(msg.startsWith("binary " + op + " "), msg);
        }
        for (UnaryOp op : List.of(UnaryOp.EQ_SCALAR, UnaryOp.NE_SCALAR, UnaryOp.LT_SCALAR, UnaryOp.LE_SCALAR,
                UnaryOp.GT_SCALAR, UnaryOp.GE_SCALAR)) {
            Device d = broken((real, m, a) -> {
                if (!m.equals("unary") || a[0] != op) return false;
                int n = Shapes.numel((int[]) a[2]);
                if (op == UnaryOp.EQ_SCALAR || op == UnaryOp.NE_SCALAR) real.fill((DeviceBuffer) a[4], 0, n, op == UnaryOp.EQ_SCALAR ? 0f : 1f);
                else real.unary(unaryTwin.get(op), (float) a[1], (int[]) a[2], (View) a[3], (DeviceBuffer) a[4]);
                return true;
            });
            String msg = firstFailure(d, ElementwiseCases.unary(), "unary " + op + " ");
            assertTrue(msg.startsWith("unary " + op + " "), msg);
        }
    }

    /**
     * Reductions that lose the last element of a long axis, as a pass split into chunks might:
     * along rows (inner 1) and along columns (inner > 1). The long-axis cases must catch both, within
     * the tolerance of a sum of K terms, which grows like sqrt(K): one dropped term of a sum of
     * 16,411 is still far outside it.
     */
    @Test
    void longSumsThatDropAnElementAreCaughtAlongRowsAndColumns() {
        for (boolean columns : new boolean[] {false, true}) {
            Device d = broken((real, m, a) -> {
                if (!m.equals("reduce") || (a[0] != ReduceOp.SUM && a[0] != ReduceOp.MEAN)) return false;
                int len = (int) a[3], inner = (int) a[4];
                if (len < 1000 || (inner > 1) != columns) return false;
                sumInFloat(real, a, 1);
                return true;
            });
            String msg = firstFailure(d, ReductionCases.all(), "reduce SUM");
            assertTrue(msg.contains(columns ? "inner 3]" : "inner 1]") && msg.contains("allowed"), msg);
        }
    }

    /**
     * A device whose ops that read a View (reduce, softmax, indexing, conv, pooling) read it from
     * element 0, ignoring its offset, as a kernel that forgets {@code v.offset} would: the view
     * cases must catch it in every one of these ops.
     */
    @Test
    void opsIgnoringTheViewOffsetAreCaught() {
        Set<String> elementwise = Set.of("copy", "unary", "binary", "where");   // their views are the other families' business
        Device d = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (proxy, method, args) -> {
                    Object[] a = args == null ? null : args.clone();
                    for (int i = 0; a != null && !elementwise.contains(method.getName()) && i < a.length; i++) {
                        if (a[i] instanceof View v) a[i] = new View(v.buffer(), 0, v.strides());
                    }
                    try {
                        return method.invoke(UNDER_TEST, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<ConformanceCase> cases = new ArrayList<>();
        cases.addAll(ViewOperandCases.reduce());
        cases.addAll(ViewOperandCases.softmax());
        cases.addAll(ViewOperandCases.indexing());
        cases.addAll(ViewOperandCases.pooling());
        cases.addAll(ViewOperandCases.convolution());
        for (String op : List.of("reduce SUM view", "reduce MEAN view", "reduce MAX view", "reduce MIN view",
                "reduce ARGMAX view", "softmax view", "logSoftmax view", "indexSelect view", "gather view", "indexAdd view",
                "scatterAdd view", "maxPool2d view", "avgPool2d view", "conv2d forward view", "conv2d backward weight view")) {
            String msg = firstFailure(d, cases, op);
            assertTrue(msg.contains("offset"), "a case with an offset should be the one that fails: " + msg);
        }
    }

    @Test
    void comparingADeviceWithItselfIsRefused() {
        DeviceConformanceTest selfCompare = new DeviceConformanceTest() {
            @Override protected Device device() { return REFERENCE; }

            @Override protected Device reference() { return REFERENCE; }
        };
        assertThrows(AssertionFailedError.class, selfCompare::fill);
    }
}
