package dev.dendrite.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.device.internal.Shapes;
import java.util.Arrays;

/**
 * Compares a device's output with the reference's and, on failure, says which op and shape,
 * which element (flat and as an index of the output's shape), what was expected and what came
 * back, and how many elements differ in all.
 */
final class Comparison {
    private Comparison() {}

    static void floats(String where, String output, int[] shape, float[] expected, float[] actual,
                       Tolerance tolerance, double scale) {
        lengths(where, output, expected.length, actual.length);
        int bad = 0;
        int first = -1;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            if (tolerance.accepts(expected[i], actual[i], scale)) continue;
            bad++;
            if (first < 0) first = i;
            double diff = Math.abs((double) actual[i] - expected[i]);
            if (!(diff <= worst)) {
                worst = diff;
                worstAt = i;
            }
        }
        if (bad == 0) return;
        float e = expected[first];
        float a = actual[first];
        StringBuilder msg = new StringBuilder()
                .append(where).append(": output '").append(output).append("' ").append(Shapes.str(shape))
                .append(" differs at ").append(position(first, shape))
                .append(": expected ").append(e).append(" but was ").append(a);
        if (!tolerance.isExact() && !Float.isNaN(e) && !Float.isInfinite(e)) {
            msg.append(" (|diff| ").append((float) Math.abs((double) a - e))
                    .append(" > allowed ").append((float) tolerance.allowed(e, scale))
                    .append(" from ").append(tolerance).append(", scale ").append((float) scale).append(')');
        }
        msg.append(hint(first, shape, e, a == OpCase.SENTINEL_F32));
        msg.append("; ").append(bad).append(" of ").append(expected.length).append(" elements differ");
        if (bad > 1 && worstAt >= 0 && worstAt != first) {
            msg.append(", largest difference at ").append(position(worstAt, shape)).append(": expected ")
                    .append(expected[worstAt]).append(" but was ").append(actual[worstAt]);
        }
        fail(msg.toString());
    }

    static void ints(String where, String output, int[] shape, int[] expected, int[] actual) {
        lengths(where, output, expected.length, actual.length);
        int bad = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                bad++;
                if (first < 0) first = i;
            }
        }
        if (bad == 0) return;
        fail(where + ": output '" + output + "' " + Shapes.str(shape) + " (int32) differs at " + position(first, shape)
                + ": expected " + expected[first] + " but was " + actual[first]
                + hint(first, shape, expected[first], actual[first] == OpCase.SENTINEL_I32)
                + "; " + bad + " of " + expected.length + " elements differ");
    }

    /** "element 37 = index [2, 3]", or for a guard element "element 54 (guard 2 past the end)". */
    static String position(int flat, int[] shape) {
        int n = Shapes.numel(shape);
        if (flat >= n) return "element " + flat + " (guard element " + (flat - n) + " past the end of the output)";
        return "element " + flat + " = index " + Arrays.toString(unravel(flat, shape));
    }

    private static String hint(int flat, int[] shape, float expected, boolean sentinel) {
        if (flat >= Shapes.numel(shape)) return " [the op wrote past the elements it owns]";
        if (sentinel && expected != OpCase.SENTINEL_F32) return " [still the kit's sentinel: the element was never written]";
        return "";
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) continue;
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    private static void lengths(String where, String output, int expected, int actual) {
        if (expected != actual) fail(where + ": output '" + output + "' has " + actual + " elements, expected " + expected);
    }
}
