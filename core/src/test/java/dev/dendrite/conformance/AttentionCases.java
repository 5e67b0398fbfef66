package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.referencedevice.ReferenceDevice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fused scaled dot-product attention: the output and the per-row log-sum-exp, with and without
 * the causal mask, Tq < Tk and Tq > Tk, sizes off the kernels' tiles (1, 3, 17, 33, 129 keys and
 * queries; d and dv not multiples of 4, up to the widest head), an additive mask broadcast over
 * the batch, a transposed per-head mask, a mask hiding a whole first tile of keys, no keys, and
 * no heads. The backward pass ({@link #backward}) on the same shapes and masks, with no queries
 * and with each of its three gradients wanted alone.
 */
final class AttentionCases {
    private AttentionCases() {}

    /** How the additive mask is laid out (or absent). */
    enum Mask { NONE, BROADCAST, TRANSPOSED, HIDES_FIRST_TILE }

    /** The shapes and masks both passes run. */
    private record Geometry(int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask) {}

    private static final List<Geometry> SHAPES = List.of(
            new Geometry(3, 17, 33, 5, 7, false, Mask.NONE),
            new Geometry(2, 33, 33, 16, 16, true, Mask.NONE),
            new Geometry(2, 17, 40, 3, 1, true, Mask.NONE),
            new Geometry(2, 40, 17, 6, 5, true, Mask.NONE),
            new Geometry(1, 1, 1, 1, 1, false, Mask.NONE),
            new Geometry(4, 3, 17, 9, 2, false, Mask.BROADCAST),
            new Geometry(2, 33, 33, 8, 3, true, Mask.BROADCAST),
            new Geometry(3, 17, 19, 4, 6, false, Mask.TRANSPOSED),
            new Geometry(2, 5, 37, 3, 3, false, Mask.HIDES_FIRST_TILE),
            new Geometry(1, 3, 129, AttentionShape.MAX_HEAD_DIM, AttentionShape.MAX_HEAD_DIM, false, Mask.NONE),
            new Geometry(2, 4, 0, 3, 5, false, Mask.NONE),
            new Geometry(0, 4, 5, 3, 5, true, Mask.NONE),
            new Geometry(2, 129, 257, 64, 64, true, Mask.NONE),
            new Geometry(3, 100, 129, 33, 17, false, Mask.BROADCAST));

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Geometry g : SHAPES) cases.add(attention(g.batch, g.tq, g.tk, g.d, g.dv, g.causal, g.mask));
        return cases;
    }

    static ConformanceCase attention(int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask) {
        OpCase c = new OpCase(label("attention", batch, tq, tk, d, dv, causal, mask));
        Operands in = Operands.sample(c, batch, tq, tk, d, dv, causal, mask);
        double scale = Tolerances.sumScale(tk + d, 1);
        return c.output("out", DType.F32, new int[] {batch, tq, dv}, ACCUMULATION, scale)
                .output("lse", DType.F32, new int[] {batch, tq}, ACCUMULATION, scale)
                .run((dev, b) -> dev.attention(in.shape, b.get("q"), b.get("k"), b.get("v"), in.maskView(b), b.get("out"),
                        b.get("lse")));
    }

    /**
     * The backward pass: the cases of {@link #all} (the tensor layer sends a mask that needs no
     * gradient through it, so every layout counts), a shape crossing the java device's 64-row
     * blocks, no queries (dk and dv are 0), and each gradient wanted alone.
     */
    static List<ConformanceCase> backward() {
        List<ConformanceCase> cases = new ArrayList<>();
        String all = "dq dk dv";
        for (Geometry g : SHAPES) cases.add(backward(g.batch, g.tq, g.tk, g.d, g.dv, g.causal, g.mask, all));
        cases.add(backward(2, 70, 70, 32, 32, true, Mask.NONE, all));
        cases.add(backward(2, 0, 5, 3, 4, true, Mask.NONE, all));
        for (String alone : new String[] {"dq", "dk", "dv"}) cases.add(backward(2, 21, 18, 5, 6, true, Mask.BROADCAST, alone));
        cases.add(backward(2, 21, 18, 5, 6, false, Mask.NONE, "dk dv"));
        return cases;
    }

    /**
     * {@code wanted} names the gradients asked for: some of "dq", "dk", "dv". The forward pass's
     * output and log-sum-exp come from the reference device, the same for every device under test.
     */
    static ConformanceCase backward(int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask, String wanted) {
        OpCase c = new OpCase(label("attentionBackward", batch, tq, tk, d, dv, causal, mask) + " " + wanted);
        Operands in = Operands.sample(c, batch, tq, tk, d, dv, causal, mask);
        float[] gradOut = c.sample(Domain.UNIT, batch * tq * dv);
        float[][] saved = in.forwardOnReference();
        c.input("gradOut", gradOut).input("out", saved[0]).input("lse", saved[1]);
        boolean dq = wanted.contains("dq"), dk = wanted.contains("dk"), dvWanted = wanted.contains("dv");
        // dS sums d products (the score) and dv products (dP); dq sums tk of them, dk and dv tq
        if (dq) c.output("dq", DType.F32, new int[] {batch, tq, d}, ACCUMULATION, Tolerances.sumScale(tk + d + dv, 2));
        if (dk) c.output("dk", DType.F32, new int[] {batch, tk, d}, ACCUMULATION, Tolerances.sumScale(tq + d + dv, 2));
        if (dvWanted) c.output("dv", DType.F32, new int[] {batch, tk, dv}, ACCUMULATION, Tolerances.sumScale(tq + d, 1));
        return c.run((dev, b) -> dev.attentionBackward(in.shape, b.get("q"), b.get("k"), b.get("v"), in.maskView(b),
                b.get("out"), b.get("lse"), b.get("gradOut"), dq ? b.get("dq") : null, dk ? b.get("dk") : null,
                dvWanted ? b.get("dv") : null));
    }

    private static String label(String op, int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask) {
        return op + " [batch " + batch + ", tq " + tq + ", tk " + tk + ", d " + d + ", dv " + dv + "]"
                + (causal ? " causal" : "") + (mask == Mask.NONE ? "" : " mask " + mask.toString().toLowerCase().replace('_', ' '));
    }

    /** The inputs q, k, v and the mask of a case, sampled and added to it, and the mask's layout. */
    private record Operands(AttentionShape shape, Mask mask, float[] q, float[] k, float[] v, float[] maskData) {
        static Operands sample(OpCase c, int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask) {
            float[] maskData = null;
            switch (mask) {
                case BROADCAST -> maskData = c.sample(Domain.ANY, tq * tk);
                case TRANSPOSED -> maskData = c.sample(Domain.ANY, batch * tk * tq);   // stored [batch, tk, tq]
                case HIDES_FIRST_TILE -> {
                    maskData = c.sample(Domain.UNIT, tq * tk);
                    for (int i = 0; i < tq; i++) for (int j = 0; j < Math.min(16, tk - 1); j++) maskData[i * tk + j] = Float.NEGATIVE_INFINITY;
                }
                default -> { }
            }
            AttentionShape shape = new AttentionShape(batch, tq, tk, d, dv, (float) (1 / Math.sqrt(Math.max(d, 1))), causal);
            Operands in = new Operands(shape, mask, c.sample(Domain.UNIT, batch * tq * d), c.sample(Domain.UNIT, batch * tk * d),
                    c.sample(Domain.UNIT, batch * tk * dv), maskData);
            c.input("q", in.q).input("k", in.k).input("v", in.v);
            if (maskData != null) c.input("mask", maskData);
            return in;
        }

        /** The mask's rank-3 view [batch, tq, tk] over the buffer "mask", or null. */
        View maskView(OpCase.Buffers b) {
            int tq = shape.tq(), tk = shape.tk();
            return switch (mask) {
                case NONE -> null;
                case BROADCAST, HIDES_FIRST_TILE -> new View(b.get("mask"), 0, new int[] {0, tk, 1});
                case TRANSPOSED -> new View(b.get("mask"), 0, new int[] {tk * tq, 1, tq});
            };
        }

        /** {out, lse} of the forward pass, from the reference device. */
        float[][] forwardOnReference() {
            Device ref = new ReferenceDevice();
            Map<String, DeviceBuffer> buffers = new HashMap<>();
            Map<String, float[]> data = new HashMap<>();
            data.put("q", q);
            data.put("k", k);
            data.put("v", v);
            if (maskData != null) data.put("mask", maskData);
            int rows = shape.batch() * shape.tq();
            data.put("out", new float[rows * shape.dv()]);
            data.put("lse", new float[rows]);
            data.forEach((name, x) -> {
                DeviceBuffer buffer = ref.allocate(DType.F32, Math.max(1, x.length));
                ref.upload(x, 0, buffer, 0, x.length);
                buffers.put(name, buffer);
            });
            ref.attention(shape, buffers.get("q"), buffers.get("k"), buffers.get("v"), maskView(buffers::get), buffers.get("out"),
                    buffers.get("lse"));
            float[] out = new float[rows * shape.dv()], lse = new float[rows];
            ref.download(buffers.get("out"), 0, out, 0, out.length);
            ref.download(buffers.get("lse"), 0, lse, 0, lse.length);
            buffers.values().forEach(ref::release);
            return new float[][] {out, lse};
        }
    }
}
