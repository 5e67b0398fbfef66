package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CharLstmTest {
    @Test
    void drawPicksWhereTheRunningSumPassesU() {
        float[] p = {0.1f, 0.0f, 0.6f, 0.3f};
        assertEquals(0, CharLstm.draw(p, 0.0));
        assertEquals(0, CharLstm.draw(p, 0.099));
        assertEquals(2, CharLstm.draw(p, 0.11));  // index 1 has no mass and is never drawn
        assertEquals(2, CharLstm.draw(p, 0.69));
        assertEquals(3, CharLstm.draw(p, 0.71));
        assertEquals(1, CharLstm.draw(new float[] {0.5f, 0.4999f}, 0.99995)); // sum short of 1: the last
    }
}
