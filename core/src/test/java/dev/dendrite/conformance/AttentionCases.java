package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.ACCUMULATION;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.View;
import java.util.ArrayList;
import java.util.List;

/**
 * Fused scaled dot-product attention: the output and the per-row log-sum-exp, with and without
 * the causal mask, Tq < Tk and Tq > Tk, sizes off the kernels' tiles (1, 3, 17, 33, 129 keys and
 * queries; d and dv not multiples of 4, up to the widest head), an additive mask broadcast over
 * the batch, a transposed per-head mask, a mask hiding a whole first tile of keys, no keys, and
 * no heads.
 */
final class AttentionCases {
    private AttentionCases() {}

    /** How the additive mask is laid out (or absent). */
    enum Mask { NONE, BROADCAST, TRANSPOSED, HIDES_FIRST_TILE }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(attention(3, 17, 33, 5, 7, false, Mask.NONE));
        cases.add(attention(2, 33, 33, 16, 16, true, Mask.NONE));
        cases.add(attention(2, 17, 40, 3, 1, true, Mask.NONE));
        cases.add(attention(2, 40, 17, 6, 5, true, Mask.NONE));
        cases.add(attention(1, 1, 1, 1, 1, false, Mask.NONE));
        cases.add(attention(4, 3, 17, 9, 2, false, Mask.BROADCAST));
        cases.add(attention(2, 33, 33, 8, 3, true, Mask.BROADCAST));
        cases.add(attention(3, 17, 19, 4, 6, false, Mask.TRANSPOSED));
        cases.add(attention(2, 5, 37, 3, 3, false, Mask.HIDES_FIRST_TILE));
        cases.add(attention(1, 3, 129, AttentionShape.MAX_HEAD_DIM, AttentionShape.MAX_HEAD_DIM, false, Mask.NONE));
        cases.add(attention(2, 4, 0, 3, 5, false, Mask.NONE));
        cases.add(attention(0, 4, 5, 3, 5, true, Mask.NONE));
        cases.add(attention(2, 129, 257, 64, 64, true, Mask.NONE));
        cases.add(attention(3, 100, 129, 33, 17, false, Mask.BROADCAST));
        return cases;
    }

    static ConformanceCase attention(int batch, int tq, int tk, int d, int dv, boolean causal, Mask mask) {
        String label = "attention [batch " + batch + ", tq " + tq + ", tk " + tk + ", d " + d + ", dv " + dv + "]"
                + (causal ? " causal" : "") + (mask == Mask.NONE ? "" : " mask " + mask.toString().toLowerCase().replace('_', ' '));
        OpCase c = new OpCase(label);
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
        double scale = Tolerances.sumScale(tk + d, 1);
        c.input("q", c.sample(Domain.UNIT, batch * tq * d))
                .input("k", c.sample(Domain.UNIT, batch * tk * d))
                .input("v", c.sample(Domain.UNIT, batch * tk * dv));
        if (maskData != null) c.input("mask", maskData);
        Mask m = mask;
        return c.output("out", DType.F32, new int[] {batch, tq, dv}, ACCUMULATION, scale)
                .output("lse", DType.F32, new int[] {batch, tq}, ACCUMULATION, scale)
                .run((dev, b) -> {
                    View mv = switch (m) {
                        case NONE -> null;
                        case BROADCAST, HIDES_FIRST_TILE -> new View(b.get("mask"), 0, new int[] {0, tk, 1});
                        case TRANSPOSED -> new View(b.get("mask"), 0, new int[] {tk * tq, 1, tq});
                    };
                    dev.attention(shape, b.get("q"), b.get("k"), b.get("v"), mv, b.get("out"), b.get("lse"));
                });
    }
}
