package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API row loops give bit for bit what the scalar ones give. */
class RowKernelsTest {

    @Test
    void vectorReluGateMatchesScalarOnSpecialValues() {
        assumeTrue(JavaDevice.vectorApiAvailable(), "the Vector API module is not present");
        RowKernels vector = MicroKernels.vectorRows();
        float[] specials = {-0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
                            Float.NEGATIVE_INFINITY, 1f, -1f, Float.MAX_VALUE};
        Random random = new Random(4);
        float[] a = new float[101], g = new float[101];
        for (int i = 0; i < a.length; i++) {
            a[i] = specials[random.nextInt(specials.length)];
            g[i] = specials[random.nextInt(specials.length)];
        }
        for (int from : new int[] {0, 3}) {
            float[] expected = new float[101], actual = new float[101];
            RowKernels.SCALAR.reluGate(a, g, expected, from, 101);
            vector.reluGate(a, g, actual, from, 101);
            for (int i = 0; i < 101; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        "a = " + a[i] + ", g = " + g[i]);
            }
        }
    }
}
