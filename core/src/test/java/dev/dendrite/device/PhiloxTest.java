package dev.dendrite.device;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Philox4x32-10 against Random123's published known-answer vectors, and the documented element mapping. */
class PhiloxTest {

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void random123KnownAnswerVectors() {
        // kat_vectors: philox4x32 10 <ctr0..3> <key0..1> -> <out0..3>
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void elementMappingFollowsTheDocumentation() {
        long seed = 0x299f31d0a4093822L; // k0 = a4093822, k1 = 299f31d0
        long q = 0x05a308d3243f6a88L;    // c0 = 243f6a88, c1 = 05a308d3 (q < 2^62 so 4q + lane fits)
        int[] expected = block(0x243f6a88, 0x05a308d3, 0, 0, 0xa4093822, 0x299f31d0);
        for (int lane = 0; lane < 4; lane++) assertEquals(expected[lane], Philox.word(seed, 4 * q + lane));
        // Uniform: top 24 bits of the word times 2^-24.
        assertEquals((expected[2] >>> 8) / 16777216f, Philox.uniform(seed, 4 * q + 2));
        // Seed 0, element 0..3 is the all-zero known answer.
        assertEquals(0x6627e8d5 >>> 8, (int) (Philox.uniform(0, 0) * 16777216f));
        assertEquals(0x9b00dbd8 >>> 8, (int) (Philox.uniform(0, 3) * 16777216f));
    }

    @Test
    void normalIsBoxMullerOnWordPairs() {
        int[] w = block(0, 0, 0, 0, 0, 0);
        double u1 = ((w[0] >>> 8) + 1) / 16777216.0, u2 = (w[1] >>> 8) / 16777216.0;
        double r = Math.sqrt(-2 * Math.log(u1));
        assertEquals((float) (r * Math.cos(2 * Math.PI * u2)), Philox.normal(0, 0));
        assertEquals((float) (r * Math.sin(2 * Math.PI * u2)), Philox.normal(0, 1));
        double u3 = ((w[2] >>> 8) + 1) / 16777216.0, u4 = (w[3] >>> 8) / 16777216.0;
        assertEquals((float) (Math.sqrt(-2 * Math.log(u3)) * Math.sin(2 * Math.PI * u4)), Philox.normal(0, 3));
        // The largest word never reaches log(0).
        assertTrue(Float.isFinite(Philox.boxMuller(new int[] {-1, -1, 0, 0}, 0)));
        assertTrue(Float.isFinite(Philox.boxMuller(new int[] {0, 0, 0, 0}, 1)));
    }

    @Test
    void fillStartsAnywhereInABlock() {
        float[] whole = new float[11], part = new float[6];
        Philox.fill(whole, 0, 11, Distribution.UNIFORM, 7, 100, 0f, 1f);
        Philox.fill(part, 1, 5, Distribution.UNIFORM, 7, 103, 0f, 1f);
        for (int i = 0; i < 5; i++) assertEquals(whole[3 + i], part[1 + i]);
        assertEquals(0f, part[0]);
        // Different seeds give different streams.
        assertNotEquals(Philox.uniform(1, 0), Philox.uniform(2, 0));
    }
}
